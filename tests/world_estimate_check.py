#!/usr/bin/env python3
"""world_estimate_check.py - issue 11's "Done when", end to end (ctest: world_estimate).

`infra-cost estimate examples/world.json --format json` prices EC2 on demand and spot, RDS and
ElastiCache (on demand and reserved) in AWS eu-west-1 and ap-southeast-2, GCP VMs on demand, spot
and committed use in europe-west1 and Azure VMs in westeurope. Every line item's unit price is
compared with the value read here from the source file in ../shared/price-sources, never from the
books (pricing-data/), so a book that drifts from its source, or a look-up of the wrong row, fails.
A price no source gives (Azure spot, GCP all-upfront commitments, RDS storage in Sydney) makes the
estimate fail with "price not found" (exit 3), never $0.

Usage: world_estimate_check.py [PATH-TO-infra-cost]  (default: $INFRACOST_CLI, else build/infra-cost).
The CLI is run with the environment it is given (ctest sets INFRA_COST_DATA to pricing-data/).
INFRACOST_PRICE_SOURCES points at the sources elsewhere; INFRACOST_NO_PRICE_SOURCES=1 skips.
"""

import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = os.environ.get("INFRACOST_PRICE_SOURCES",
                         os.path.join(ROOT, "..", "shared", "price-sources"))
CLI = os.environ.get("INFRACOST_CLI", os.path.join(ROOT, "build", "infra-cost"))
SPEC = os.path.join(ROOT, "examples", "world.json")


def dec(v):
    """A source number as the decimal it was written as."""
    return Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v))


def run(spec):
    p = subprocess.run([CLI, "estimate", spec, "--format", "json"], capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


class Sources:
    """The source files, read here on their own terms (no code of regenerate.py)."""

    def __init__(self):
        with open(os.path.join(SOURCES, "aws-ec2-ondemand-spotavg-opszero-ec2instancesinfo-2024-04-04.json")) as f:
            self.opszero = json.load(f)["data"]
        with open(os.path.join(SOURCES, "aws-eu-west-1-pricelist-terracost-2023-02-23.csv"), newline="") as f:
            self.terracost = [r for r in csv.DictReader(f) if r["service_code"] == "AmazonRDS"]
        with open(os.path.join(SOURCES, "aws-rds-instances-ec2instancesinfo-2021-08-03.json")) as f:
            self.rds2021 = json.load(f, parse_float=str)
        with open(os.path.join(SOURCES, "aws-elasticache-instances-ec2instancesinfo.json")) as f:
            self.elasticache = json.load(f, parse_float=str)
        with open(os.path.join(SOURCES, "gcp-compute-prices-karpenter.json")) as f:
            self.gcp = json.load(f, parse_float=str)["prices"]
        with open(os.path.join(SOURCES, "azure-vm-linux-karpenter.csv"), newline="") as f:
            self.azure = {(r["region"], r["arm_sku"]): r["usd_per_hour"] for r in csv.DictReader(f)}
        import yaml
        with open(os.path.join(SOURCES, "gcp-pricing-cyclenerd.yml")) as f:
            self.cyclenerd = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    ENGINES = {"mysql": "MySQL", "postgresql": "PostgreSQL", "mariadb": "MariaDB"}
    DEPLOY = {"single_az": "Single-AZ", "multi_az": "Multi-AZ"}
    TERMS = {"reserved_1yr_no_upfront": "yrTerm1Standard.noUpfront",
             "reserved_1yr_partial_upfront": "yrTerm1Standard.partialUpfront",
             "reserved_3yr_no_upfront": "yrTerm3Standard.noUpfront",
             "reserved_3yr_partial_upfront": "yrTerm3Standard.partialUpfront",
             "reserved_3yr_all_upfront": "yrTerm3Standard.allUpfront"}

    def ec2(self, region, it, purchase):
        field = {"on_demand": "ondemand", "spot": "spot_avg"}[purchase]
        (v,) = {d[field] for d in self.opszero if d["region"] == region and d["instance-type"] == it}
        return Decimal(v), "opszero-app/instances.json"

    def rds(self, region, sku):
        engine, node, az = sku.split(":")
        name = self.ENGINES[engine]
        if region == "eu-west-1":            # the 2023 price list: Single- and Multi-AZ
            found = {Decimal(r["price_per_unit"]) for r in self.terracost
                     if r["product_family"] == "Database Instance" and r["instance_type"] == node
                     and json.loads(r["other_attributes_json"]).get("DatabaseEngine") == name
                     and json.loads(r["other_attributes_json"]).get("DeploymentOption") == self.DEPLOY[az]}
            (v,) = found
            return v, "terracost"
        assert az == "single_az"            # the 2021 table is Single-AZ only
        (rec,) = [d for d in self.rds2021 if d["instance_type"] == node]
        return Decimal(rec["pricing"][region][name]["ondemand"]), "www/rds/instances.json"

    def rds_storage(self, region, sku):
        engine, _, typ, az = sku.split(":")
        assert region == "eu-west-1" and typ == "gp2"
        ut = "EU-RDS:%sGP2-Storage" % ("Multi-AZ-" if az == "multi_az" else "")
        (v,) = {Decimal(r["price_per_unit"]) for r in self.terracost
                if r["product_family"] == "Database Storage" and r["usage_type"] == ut
                and json.loads(r["other_attributes_json"]).get("DatabaseEngine") == self.ENGINES[engine]}
        return v, "terracost"

    def cache(self, region, sku, purchase):
        engine, node = sku.split(":")
        (rec,) = [d for d in self.elasticache if d["instance_type"] == node]
        p = rec["pricing"][region][engine.capitalize()]
        v = p["ondemand"] if purchase == "on_demand" else p["reserved"][self.TERMS[purchase]]
        return Decimal(v), "elasticache-instances.json"

    def gcp_vm(self, region, mt, purchase):
        if purchase in ("on_demand", "spot"):
            return Decimal(self.gcp[region][purchase][mt]), "karpenter-provider-gcp"
        field = {"reserved_1yr_no_upfront": "month_1y", "reserved_3yr_no_upfront": "month_3y"}[purchase]
        month = dec(self.cyclenerd["compute"]["instance"][mt]["cost"][region][field])
        return month, "Cyclenerd"           # a monthly figure: hourly x 730

    def azure_vm(self, region, sku):
        return Decimal(self.azure[(region, sku)]), "karpenter-provider-azure"


@unittest.skipIf(os.environ.get("INFRACOST_NO_PRICE_SOURCES") == "1", "INFRACOST_NO_PRICE_SOURCES=1")
class WorldEstimate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.isdir(SOURCES):
            raise AssertionError("%s: not found (set INFRACOST_NO_PRICE_SOURCES=1 to skip)" % SOURCES)
        cls.src = Sources()

    def expected(self, it):
        """(source value, text the line's source must contain, 'hourly' or 'monthly')."""
        s, p, svc, region, sku, purchase = (self.src, it["provider"], it["service"], it["region"],
                                            it["sku"], it["purchase"])
        if (p, svc) == ("aws", "ec2"):
            return s.ec2(region, sku, purchase) + ("hourly",)
        if (p, svc) == ("aws", "rds") and ":storage:" in sku:
            self.assertEqual(purchase, "on_demand")
            return s.rds_storage(region, sku) + ("hourly",)
        if (p, svc) == ("aws", "rds"):
            self.assertEqual(purchase, "on_demand")
            return s.rds(region, sku) + ("hourly",)
        if (p, svc) == ("aws", "elasticache"):
            return s.cache(region, sku, purchase) + ("hourly",)
        if (p, svc) == ("gcp", "compute"):
            v, label = s.gcp_vm(region, sku, purchase)
            return v, label, "monthly" if purchase.startswith("reserved_") else "hourly"
        if (p, svc) == ("azure", "vm"):
            self.assertEqual(purchase, "on_demand")
            return s.azure_vm(region, sku) + ("hourly",)
        self.fail("a line item of no checked source: %r" % it)

    def test_every_unit_price_equals_its_source(self):
        rc, out, err = run(SPEC)
        self.assertEqual(rc, 0, err)
        est = json.loads(out)
        seen = set()
        n = 0
        for env in est["environments"]:
            for svc in env["services"]:
                for it in svc["line_items"]:
                    want, label, kind = self.expected(it)
                    self.assertIn(label, it["source"], it)
                    got = Decimal(repr(it["unit_price"]))
                    self.assertGreater(got, 0, it)
                    if it["purchase"].startswith("reserved_"):
                        # no upfront (0) or an effective rate: the unit price is the recurring one
                        self.assertEqual(Decimal(repr(it["recurring_price"])), got, it)
                    if kind == "monthly":   # GCP committed use: the hourly rate x 730 is the month
                        self.assertLessEqual(abs(got * 730 - want), Decimal("5e-9"), it)
                    else:               # to the 15 significant digits the JSON carries
                        self.assertEqual(got, Decimal("%.15g" % want), it)
                    self.assertAlmostEqual(it["monthly"], it["quantity"] * it["unit_price"], places=6)
                    seen.add((it["provider"], it["region"], it["service"], it["purchase"]))
                    n += 1
        self.assertEqual(n, 15)
        for want in (("aws", "eu-west-1", "ec2", "on_demand"), ("aws", "eu-west-1", "ec2", "spot"),
                     ("aws", "ap-southeast-2", "ec2", "on_demand"), ("aws", "ap-southeast-2", "ec2", "spot"),
                     ("aws", "eu-west-1", "rds", "on_demand"), ("aws", "ap-southeast-2", "rds", "on_demand"),
                     ("aws", "eu-west-1", "elasticache", "reserved_1yr_no_upfront"),
                     ("aws", "ap-southeast-2", "elasticache", "reserved_3yr_partial_upfront"),
                     ("gcp", "europe-west1", "compute", "on_demand"), ("gcp", "europe-west1", "compute", "spot"),
                     ("gcp", "europe-west1", "compute", "reserved_1yr_no_upfront"),
                     ("azure", "westeurope", "vm", "on_demand")):
            self.assertIn(want, seen)
        # The effective ElastiCache rate: monthly exact, upfront unknown (null), never 0.
        (sydney,) = [e for e in est["environments"] if e["name"] == "sydney"]
        self.assertIsNone(sydney["upfront"])

    def refused(self, change, message):
        with open(SPEC) as f:
            spec = json.load(f)
        change(spec)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(spec, f)
        try:
            rc, out, err = run(f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(rc, 3, (out, err))
        self.assertEqual(out, "")
        self.assertIn("price not found: " + message, err)

    def override(self, spec, service, env, **values):
        (s,) = [s for s in spec["services"] if s["name"] == service]
        s["overrides"][env].update(values)

    def test_a_price_no_source_gives_is_an_error_not_zero(self):
        # Azure: no spot prices in the sources for westeurope
        self.refused(lambda s: self.override(s, "app", "netherlands", purchase={"spot": 0.5}),
                     "azure/vm/westeurope/Standard_D2s_v5/spot/hour")
        # GCP commitments are paid monthly: no all-upfront price
        self.refused(lambda s: self.override(s, "app", "belgium", purchase={
            "reserved": {"count": 1, "term": "3yr", "payment": "all_upfront"}}),
            "gcp/compute/europe-west1/n2-standard-2/reserved_3yr_all_upfront/hour")
        # RDS storage: only us-east-1 and eu-west-1 have a source
        self.refused(lambda s: self.override(s, "db", "sydney", storage_gb=50),
                     "aws/rds/ap-southeast-2/postgresql:storage:gp2:single_az/on_demand/gb_month")
        # RDS Multi-AZ: only the eu-west-1 price list has it
        self.refused(lambda s: self.override(s, "db", "sydney", multi_az=True),
                     "aws/rds/ap-southeast-2/postgresql:db.t3.medium:multi_az/on_demand/hour")


class EveryBookLoads(unittest.TestCase):
    """The C loader reads every shipped book (the C tests load only the books of their places:
    all 143 take minutes under valgrind): for each book, `pricing lookup` of its last row, which
    loads that book whole, finds the row at its price and line."""

    def test_every_book_loads(self):
        data = os.environ.get("INFRA_COST_DATA", os.path.join(ROOT, "pricing-data"))
        names = sorted(n for n in os.listdir(data) if n.endswith(".csv"))
        self.assertGreater(len(names), 100)
        for name in names:
            with open(os.path.join(data, name), newline="") as f:
                lines = [l for l in f if not l.startswith("#")]
            rows = list(csv.DictReader(lines))
            r = rows[-1]
            p = subprocess.run([CLI, "pricing", "lookup", r["provider"], r["service"], r["region"], r["sku"],
                                "--purchase", r["purchase"], "--unit", r["unit"], "--format", "json"],
                               capture_output=True, text=True, timeout=60)
            self.assertEqual(p.returncode, 0, (name, p.stderr))
            got = [t for t in json.loads(p.stdout) if Decimal(repr(t["tier_start"])) == Decimal(r["tier_start"])]
            self.assertEqual(len(got), 1, (name, p.stdout))
            self.assertEqual(Decimal(repr(got[0]["price"])), Decimal("%.15g" % Decimal(r["price"])), name)
            self.assertTrue(got[0]["origin"].endswith("%s:%d" % (name, len(open(os.path.join(data, name)).readlines()))),
                            (name, got[0]["origin"]))


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        CLI = sys.argv.pop(1)
    unittest.main()
