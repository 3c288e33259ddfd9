#!/usr/bin/env python3
"""gen_spec.py - write a realistic infra-cost spec with N services (benchmark input).

usage: gen_spec.py N OUT.json [--seed S]

The spec follows shared/design/formats.md section 1 and only uses prices that the shipped
snapshot (pricing-data/aws-us-east-1.csv) has, so `infra-cost estimate OUT.json` succeeds:

* three environments: dev (hours_per_month 260), staging, prod;
* workloads of every pattern the benchmark cares about: daily_spike, weekly_spike,
  hourly (24 values) and constant (about one workload per 100 services, at least 4);
* services of every type the snapshot can price: container (x86_64/arm64, fixed or ranged
  replicas, autoscaling on a workload, some with a spot share), vm (m5.large with reserved
  and/or spot, other types on demand), database (postgresql/mysql, multi_az in prod),
  cache (redis), load_balancer, nat_gateway, object_storage, function, data_transfer;
* per-environment overrides and environment lists on some services.

The output is deterministic for a given N and seed. Python 3 standard library only.
"""
import argparse
import json
import random
import sys

TYPES = ["container", "vm", "database", "cache", "load_balancer", "nat_gateway",
         "object_storage", "function", "data_transfer"]
# Share of each type once every type has appeared once: mostly compute, like a real estate.
WEIGHTS = [38, 18, 8, 6, 5, 3, 7, 10, 5]

# Fargate task sizes (vcpu -> allowed memory_gb).
FARGATE = {0.25: [0.5, 1, 2], 0.5: [1, 2, 3, 4], 1: [2, 3, 4, 6, 8], 2: [4, 6, 8, 12, 16],
           4: [8, 12, 16, 24, 30]}
# EC2 types with an on-demand row in the snapshot. Only m5.large has reserved and spot rows.
VM_ON_DEMAND = ["m6i.large", "c5.large", "t3.medium", "m6g.large", "r6i.large", "m5.xlarge",
                "c6g.large", "t3.large", "m7g.large"]
TERMS = ["1yr", "3yr"]
PAYMENTS = ["no_upfront", "partial_upfront", "all_upfront"]
PREFIX = {"container": "svc", "vm": "vm", "database": "db", "cache": "cache",
          "load_balancer": "alb", "nat_gateway": "nat", "object_storage": "bucket",
          "function": "fn", "data_transfer": "egress"}
TEAMS = ["checkout", "catalog", "search", "payments", "accounts", "media", "orders", "ledger",
         "notify", "reports", "auth", "inventory", "shipping", "pricing", "reviews", "ads"]


def workloads(rng, n_services):
    count = max(4, n_services // 100)
    patterns = ["daily_spike", "weekly_spike", "hourly", "constant"]
    out = {}
    for i in range(count):
        pattern = patterns[i % len(patterns)]
        name = "%s-%03d" % (pattern.replace("_", "-"), i)
        base = rng.choice([50, 100, 200, 400, 800])
        if pattern == "daily_spike":
            w = {"pattern": pattern, "baseline": base, "peak": base * rng.randint(3, 8),
                 "peak_hours": rng.randint(2, 6)}
        elif pattern == "weekly_spike":
            w = {"pattern": pattern, "baseline": base, "peak": base * rng.randint(2, 5),
                 "peak_hours": rng.randint(8, 24)}
        elif pattern == "hourly":
            # A day curve: quiet at night, busy in office hours, an evening bump.
            vals = []
            for h in range(24):
                f = 0.3 if h < 7 else 1.0 if h < 18 else 1.4 if h < 22 else 0.5
                vals.append(round(base * f * rng.uniform(0.85, 1.15), 1))
            w = {"pattern": pattern, "values": vals}
        else:
            w = {"pattern": pattern, "value": base}
        if rng.random() < 0.3:
            w["description"] = "requests per second, %s traffic" % pattern.replace("_", " ")
        out[name] = w
    return out


def container(rng, wl_names, rich=False):
    vcpu = rng.choice(list(FARGATE))
    s = {"type": "container", "vcpu": vcpu, "memory_gb": rng.choice(FARGATE[vcpu]),
         "arch": "arm64" if rng.random() < 0.35 else "x86_64"}
    kind = 0.0 if rich else rng.random()
    dev = {"replicas": 1}
    if kind < 0.5:
        lo = rng.randint(1, 4)
        s["replicas"] = {"min": lo, "max": lo + rng.randint(2, 16)}
        s["autoscaling"] = {"workload": rng.choice(wl_names),
                            "capacity_per_replica": rng.choice([50, 100, 150, 250, 400]),
                            "target_utilization": rng.choice([0.5, 0.6, 0.7, 0.8, 1.0])}
        dev["autoscaling"] = None
    elif kind < 0.75:
        lo = rng.randint(1, 3)
        hi = lo + rng.randint(1, 8)
        s["replicas"] = {"min": lo, "max": hi, "average": round(rng.uniform(lo, hi), 1)}
    else:
        s["replicas"] = rng.randint(1, 6)
    if rng.random() < 0.3 or rich:
        s["purchase"] = {"spot": rng.choice([0.25, 0.5, 0.7, 1.0])}
    ovr = {}
    if rng.random() < 0.7 or rich:
        ovr["dev"] = dev
    if rng.random() < 0.2:
        ovr["staging"] = {"memory_gb": FARGATE[vcpu][0]}
    if ovr:
        s["overrides"] = ovr
    return s


def vm(rng, wl_names, rich=False):
    s = {"type": "vm"}
    if rng.random() < 0.4 or rich:
        # The one EC2 type with reserved and spot prices in the snapshot.
        s["instance_type"] = "m5.large"
        s["replicas"] = {"min": rng.randint(1, 3), "max": rng.randint(4, 10)}
        if rng.random() < 0.6 or rich:
            s["autoscaling"] = {"workload": rng.choice(wl_names),
                                "capacity_per_replica": rng.choice([200, 400, 600]),
                                "target_utilization": 0.8}
        purchase = {}
        if rng.random() < 0.5 or rich:
            purchase["spot"] = rng.choice([0.3, 0.5, 0.8])
        prod_purchase = {"reserved": {"count": rng.randint(1, 3), "term": rng.choice(TERMS),
                                      "payment": rng.choice(PAYMENTS)}}
        if "spot" in purchase:
            prod_purchase["spot"] = purchase["spot"]
        if purchase:
            s["purchase"] = purchase
        ovr = {"prod": {"purchase": prod_purchase}}
        if rng.random() < 0.5:
            ovr["dev"] = {"replicas": 1, "autoscaling": None}
        s["overrides"] = ovr
    else:
        s["instance_type"] = rng.choice(VM_ON_DEMAND)
        s["replicas"] = rng.randint(1, 4)
        if rng.random() < 0.3:
            s["overrides"] = {"prod": {"replicas": {"min": 2, "max": 8, "average": 3}}}
    if rng.random() < 0.6:
        s["disk_gb"] = rng.choice([20, 50, 100, 200, 500])
        s["disk_type"] = "gp3"
    if rng.random() < 0.2:
        s["environments"] = ["staging", "prod"]
    return s


def database(rng, _wl, rich=False):
    if rng.random() < 0.75 or rich:
        s = {"type": "database", "engine": "postgresql",
             "instance_type": rng.choice(["db.t3.micro", "db.t4g.micro", "db.t3.large"]),
             "storage_gb": rng.choice([20, 50, 100]), "storage_type": "gp3"}
        prod = {"instance_type": "db.r6g.large", "multi_az": True,
                "storage_gb": rng.choice([100, 250, 500, 1000]),
                "backup_gb": rng.choice([50, 100, 500])}
        if rng.random() < 0.3:
            prod["count"] = 2
        s["overrides"] = {"prod": prod}
        if rng.random() < 0.5:
            s["overrides"]["staging"] = {"instance_type": "db.r6g.large"}
    else:
        s = {"type": "database", "engine": "mysql", "instance_type": "db.t3.micro",
             "storage_gb": rng.choice([20, 50]), "storage_type": "gp3", "backup_gb": 20,
             "overrides": {"prod": {"multi_az": True, "storage_gb": 200}}}
    return s


def cache(rng, _wl, rich=False):
    s = {"type": "cache", "engine": "redis", "node_type": "cache.t3.micro"}
    if rng.random() < 0.6:
        s["overrides"] = {"prod": {"node_type": "cache.r6g.large", "nodes": rng.randint(2, 3)}}
    return s


def load_balancer(rng, _wl, rich=False):
    s = {"type": "load_balancer", "kind": "alb", "lcu": rng.choice([1, 2])}
    s["overrides"] = {"prod": {"lcu": rng.choice([5, 10, 20]), "count": rng.randint(1, 2)}}
    return s


def nat_gateway(rng, _wl, rich=False):
    return {"type": "nat_gateway", "count": 1, "data_gb": rng.choice([10, 50, 100]),
            "overrides": {"prod": {"count": 3, "data_gb": rng.choice([500, 1000, 5000])}}}


def object_storage(rng, _wl, rich=False):
    s = {"type": "object_storage", "class": "standard", "storage_gb": rng.choice([10, 50, 200])}
    # Some large prod buckets cross the 50 TB and 500 TB tiers.
    s["overrides"] = {"prod": {"storage_gb": rng.choice([2000, 20000, 80000, 600000])}}
    return s


def function(rng, _wl, rich=False):
    s = {"type": "function", "requests": rng.choice([10000, 100000, 1000000]),
         "duration_ms": rng.choice([20, 50, 120, 200, 800]),
         "memory_mb": rng.choice([128, 256, 512, 1024, 2048]),
         "arch": "arm64" if rng.random() < 0.5 else "x86_64"}
    if rng.random() < 0.7:
        s["overrides"] = {"prod": {"requests": rng.choice([5000000, 50000000, 500000000])}}
    return s


def data_transfer(rng, _wl, rich=False):
    return {"type": "data_transfer", "out_gb": rng.choice([5, 20, 100]),
            "overrides": {"prod": {"out_gb": rng.choice([500, 2000, 20000, 200000])}}}


MAKERS = {"container": container, "vm": vm, "database": database, "cache": cache,
          "load_balancer": load_balancer, "nat_gateway": nat_gateway,
          "object_storage": object_storage, "function": function,
          "data_transfer": data_transfer}


def generate(n, seed):
    rng = random.Random(seed)
    wls = workloads(rng, n)
    wl_names = sorted(wls)
    services = []
    for i in range(n):
        # Every type appears once first, in its richest form (autoscaling, spot, reserved),
        # so even N=10 exercises everything; then types come by weight.
        first = i < len(TYPES)
        t = TYPES[i] if first else rng.choices(TYPES, WEIGHTS)[0]
        body = MAKERS[t](rng, wl_names, first)
        svc = {"name": "%s-%s-%05d" % (rng.choice(TEAMS), PREFIX[t], i)}
        svc.update(body)
        if rng.random() < 0.1:
            svc["description"] = "owned by team %s" % svc["name"].split("-")[0]
        services.append(svc)
    return {
        "name": "bench-%d" % n,
        "description": "Synthetic benchmark spec: %d services, seed %d (bench/gen_spec.py)" % (n, seed),
        "provider": "aws",
        "region": "us-east-1",
        "hours_per_month": 730,
        "environments": {
            "dev": {"hours_per_month": 260, "description": "office hours only"},
            "staging": {},
            "prod": {"region": "us-east-1"},
        },
        "workloads": wls,
        "services": services,
    }


def main(argv):
    ap = argparse.ArgumentParser(description="Write a synthetic infra-cost spec with N services.")
    ap.add_argument("n", type=int, metavar="N", help="number of services (>= 1)")
    ap.add_argument("out", metavar="OUT.json", help="output file ('-' for standard output)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--variability", type=float, default=0.0,
                    help="give every workload this monthly demand sigma (infra-cost simulate)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be >= 1")
    spec = generate(args.n, args.seed)
    if args.variability > 0:
        for w in spec["workloads"].values():
            w["variability"] = args.variability
    text = json.dumps(spec, indent=2) + "\n"
    if args.out == "-":
        sys.stdout.write(text)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
