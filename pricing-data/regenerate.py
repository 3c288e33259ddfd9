#!/usr/bin/env python3
"""Regenerate the shipped price books in pricing-data/ from the pricing samples.

Standard library only. Usage (from anywhere):

    python3 pricing-data/regenerate.py [--samples DIR] [--out DIR]

--samples defaults to ../shared/pricing-samples and --sources to ../shared/price-sources
relative to the repository root (the parent of this script's directory); --out defaults
to this script's directory.
The output is deterministic: running it twice gives byte-identical files, and running
it on an unchanged checkout reproduces the committed CSVs (check with `git diff`).

Rules: prices are copied from the sources, never computed. The only transformations are
(1) decimal normalisation of the same number ("0.096000" -> "0.096"), and (2) exact unit
conversions documented in README.md (MiB -> GiB for instance memory). Hand-found rows live
in sources/manual.csv next to this script; machine sizes that are not in the samples are
in the small cited tables below.
"""

import argparse
import csv
import gzip
import io
import json
import os
import re
import sys
from decimal import Decimal

HEADER = ["provider", "service", "region", "sku", "purchase", "unit", "price", "upfront",
          "tier_start", "vcpu", "memory_gb", "arch", "effective_date", "source"]


def ec2_arch(info):
    """The architecture of an EC2 type from moto's ProcessorInfo.SupportedArchitectures."""
    archs = info.get("ProcessorInfo", {}).get("SupportedArchitectures", []) if info else []
    if "arm64" in archs:
        return "arm64"
    if "x86_64" in archs:
        return "x86_64"
    return ""
KEY = ["provider", "service", "region", "sku", "purchase", "unit", "tier_start"]

# ---------------------------------------------------------------------------------------
# Source labels (short; the README expands them). Keep in sync with README.md "Sources".
# ---------------------------------------------------------------------------------------
SRC_KARP_AWS = "aws/karpenter-provider-aws@1d927085dd81 zz_generated.pricing_aws.go"
DATE_KARP_AWS = "2026-07-20"            # "generated at 2026-07-20T13:44:30Z"
# Bare-metal EC2 types: karpenter's generator asks the Price List for "Compute Instance
# (bare metal)" with tenancy *Dedicated*, so its metal values are Dedicated prices (6-10 %
# above Shared for some types). Shared-tenancy metal prices come from ec2instances.info's
# opszero table instead (its eu-west-1 metal values equal the Shared, not the Dedicated,
# rows of the terracost 2023 price-list dump for all 40 types, including the 9 whose
# Dedicated price differs). Metal types it does not have are left out (README "Not found").
SRC_OPSZERO = ("vantage-sh/ec2instances.info@a19cd859f059 opszero-app/instances.json "
               "(Linux; Shared tenancy)")
DATE_OPSZERO = "2024-04-04"
FILE_OPSZERO = "aws-ec2-ondemand-spotavg-opszero-ec2instancesinfo-2024-04-04.json"
SRC_RI = "aws/amazon-ec2-instance-selector@71c31e5a8949 test/static/GetProducts/m5_large.json"
SRC_SPOT = ("aws/amazon-ec2-instance-selector@71c31e5a8949 test/static/DescribeSpotPriceHistory/"
            "m5_large.json (2021 sample; latest record; AZ {az})")
SRC_FARGATE = "opencost/opencost@c65611842eb9 pkg/cloud/aws/testdata/ecs-pricing-us-east-1.json"
SRC_GCP = "cloudpilot-ai/karpenter-provider-gcp@417f047b1175 pkg/providers/pricing/initial-prices.json"
DATE_GCP = "2026-08-03"                 # file commit 373e2baa (weekly refresh)
SRC_AZURE = "Azure/karpenter-provider-azure@352646f59929 pkg/providers/pricing/zz_generated.pricing.go"
DATE_AZURE = "2026-06-18"               # "generated at 2026-06-18T03:43:41Z"

# GCP machine-type sizes (vCPU, memory GB) from Google's predefined machine-type tables,
# https://cloud.google.com/compute/docs/general-purpose-machines . Shared-core E2 types
# (e2-micro/-small/-medium) expose 2 vCPUs but only a fractional sustained share
# (0.25/0.5/1 vCPU); their vcpu is left empty on purpose so right-sizing never treats
# them as 2 full vCPUs. Memory only for those.
GCP_SIZES = {
    "c3-standard-4": ("4", "16"),
    "e2-medium": ("", "4"),
    "e2-micro": ("", "1"),
    "e2-small": ("", "2"),
    "e2-standard-2": ("2", "8"),
    "e2-standard-4": ("4", "16"),
    "n1-standard-1": ("1", "3.75"),
    "n2-standard-2": ("2", "8"),
    "n2-standard-4": ("4", "16"),
    "n2d-standard-2": ("2", "8"),
    "t2a-standard-1": ("1", "4"),
    "t2a-standard-2": ("2", "8"),
}

# Azure VM sizes (vCPUsAvailable, MemoryGB capabilities of the Resource SKUs API) from
# Azure/karpenter-provider-azure@556c92387d69 pkg/fake/zz_generated.sku.eastus.go
# ("generated at 2024-01-12T06:16:27Z"). Only these SKUs are in that file.
AZURE_SIZES = {
    "Standard_A0": ("1", "0.75"),
    "Standard_B1s": ("1", "1"),
    "Standard_D16plds_v5": ("16", "32"),
    "Standard_D2_v2": ("2", "7"),
    "Standard_D2_v3": ("2", "8"),
    "Standard_D2_v5": ("2", "8"),
    "Standard_D2s_v3": ("2", "8"),
    "Standard_D4s_v3": ("4", "16"),
    "Standard_D64s_v3": ("64", "256"),
    "Standard_DC8s_v3": ("8", "64"),
    "Standard_DS2_v2": ("2", "7"),
    "Standard_F16s_v2": ("16", "32"),
    "Standard_M8-2ms": ("2", "218.75"),   # constrained-core: 8 vCPUs, 2 available
    "Standard_NC16as_T4_v3": ("16", "110"),
    "Standard_NC24ads_A100_v4": ("24", "220"),
    "Standard_NC6s_v3": ("6", "112"),
}

# Azure rows quoted in pricing-samples/reference-prices.csv: always kept.
AZURE_KEEP = {"Standard_D2s_v5", "Standard_B2s"}

RI_PURCHASE = {
    ("1yr", "No Upfront"): "reserved_1yr_no_upfront",
    ("1yr", "Partial Upfront"): "reserved_1yr_partial_upfront",
    ("1yr", "All Upfront"): "reserved_1yr_all_upfront",
    ("3yr", "No Upfront"): "reserved_3yr_no_upfront",
    ("3yr", "Partial Upfront"): "reserved_3yr_partial_upfront",
    ("3yr", "All Upfront"): "reserved_3yr_all_upfront",
}


def num(text):
    """Normalise a decimal string without changing its value ("0.0960000000" -> "0.096")."""
    d = Decimal(str(text).strip())
    if d == 0:
        return "0"
    s = format(d.normalize(), "f")
    return s


def row(**kw):
    r = {h: "" for h in HEADER}
    r["tier_start"] = "0"
    for k, v in kw.items():
        if k not in r:
            raise KeyError(k)
        r[k] = v
    return r


# ---------------------------------------------------------------------------------------
# AWS us-east-1
# ---------------------------------------------------------------------------------------
def is_metal(instance_type):
    """A bare-metal EC2 type: its size part names metal (.metal, .metal-24xl, ...)."""
    return "metal" in instance_type.split(".", 1)[-1]


def opszero_shared(sources, region="us-east-1"):
    """Linux on-demand Shared-tenancy prices of one region from the opszero table:
    {instance type: price text}. A type listed twice must carry one price."""
    with open(os.path.join(sources, FILE_OPSZERO)) as f:
        data = json.load(f)["data"]
    out = {}
    for r in data:
        if r["region"] != region:
            continue
        it, price = r["instance-type"], r["ondemand"]
        assert out.get(it, price) == price, ("two prices", it, out[it], price)
        out[it] = price
    return out


def aws_rows(samples, sources, metal_missing):
    out = []
    shared_metal = {it: p for it, p in opszero_shared(sources).items() if is_metal(it)}
    with gzip.open(os.path.join(samples, "aws-ec2-instance-types-moto.json.gz"), "rt") as f:
        moto = json.load(f)
    # EC2 on-demand, Linux shared tenancy: every type of the karpenter table.
    with open(os.path.join(samples, "aws-ec2-ondemand-linux-us-east-1-karpenter.csv"), newline="") as f:
        for r in csv.DictReader(f):
            it = r["instance_type"]
            vcpu = mem = ""
            info = moto.get(it)
            if info:
                vcpu = str(info["VCpuInfo"]["DefaultVCpus"])
                mem = num(Decimal(info["MemoryInfo"]["SizeInMiB"]) / Decimal(1024))  # exact: /2^10
            price, date, src = r["usd_per_hour"], DATE_KARP_AWS, SRC_KARP_AWS
            if is_metal(it):
                # karpenter's value is the Dedicated price: take the Shared one or none
                if it not in shared_metal:
                    metal_missing.append(it)
                    continue
                price, date, src = shared_metal[it], DATE_OPSZERO, SRC_OPSZERO
            out.append(row(provider="aws", service="ec2", region="us-east-1", sku=it,
                           purchase="on_demand", unit="hour", price=num(price),
                           vcpu=vcpu, memory_gb=mem, arch=ec2_arch(info),
                           effective_date=date, source=src))

    # EC2 m5.large Standard reserved terms (GetProducts item, publicationDate 2021-02-05).
    with open(os.path.join(samples, "aws-pricing-getproducts-item-m5.large-us-east-1.json")) as f:
        gp = json.load(f)
    attrs = gp["product"]["attributes"]
    assert attrs["instanceType"] == "m5.large" and attrs["operatingSystem"] == "Linux"
    assert attrs["tenancy"] == "Shared" and attrs["location"] == "US East (N. Virginia)"
    it = attrs["instanceType"]
    info = moto[it]
    ri = {}
    for term in gp["terms"]["Reserved"].values():
        ta = term["termAttributes"]
        if ta["OfferingClass"] != "standard":
            continue
        hourly = upfront = None
        for pd in term["priceDimensions"].values():
            if pd["unit"] == "Hrs":
                hourly = pd["pricePerUnit"]["USD"]
            elif pd["unit"] == "Quantity":
                upfront = pd["pricePerUnit"]["USD"]
        purchase = RI_PURCHASE[(ta["LeaseContractLength"], ta["PurchaseOption"])]
        ri[purchase] = row(provider="aws", service="ec2", region="us-east-1", sku=it,
                           purchase=purchase, unit="hour", price=num(hourly),
                           upfront=num(upfront if upfront is not None else "0"),
                           vcpu=str(info["VCpuInfo"]["DefaultVCpus"]),
                           memory_gb=num(Decimal(info["MemoryInfo"]["SizeInMiB"]) / Decimal(1024)),
                           arch=ec2_arch(info),
                           effective_date=gp["publicationDate"][:10], source=SRC_RI)
    for purchase in RI_PURCHASE.values():
        out.append(ri[purchase])

    # EC2 m5.large spot: the most recent record of the 2021 DescribeSpotPriceHistory sample.
    with open(os.path.join(samples, "aws-ec2-describe-spot-price-history-m5.large-excerpt.json")) as f:
        hist = json.load(f)["SpotPriceHistory"]
    latest = max(hist, key=lambda h: h["Timestamp"])
    assert latest["ProductDescription"] == "Linux/UNIX" and latest["AvailabilityZone"].startswith("us-east-1")
    info = moto[latest["InstanceType"]]
    out.append(row(provider="aws", service="ec2", region="us-east-1", sku=latest["InstanceType"],
                   purchase="spot", unit="hour", price=num(latest["SpotPrice"]),
                   vcpu=str(info["VCpuInfo"]["DefaultVCpus"]),
                   memory_gb=num(Decimal(info["MemoryInfo"]["SizeInMiB"]) / Decimal(1024)),
                   arch=ec2_arch(info),
                   effective_date=latest["Timestamp"][:10],
                   source=SRC_SPOT.format(az=latest["AvailabilityZone"])))

    # Fargate on-demand from the AmazonECS offer excerpt.
    with open(os.path.join(samples, "aws-ecs-fargate-offer-us-east-1-excerpt.json")) as f:
        ecs = json.load(f)
    usage_to_sku = {
        "USE1-Fargate-vCPU-Hours:perCPU": "vcpu:x86_64",
        "USE1-Fargate-GB-Hours": "memory:x86_64",
        "USE1-Fargate-ARM-vCPU-Hours:perCPU": "vcpu:arm64",
        "USE1-Fargate-ARM-GB-Hours": "memory:arm64",
    }
    found = {}
    for sku_id, prod in ecs["products"].items():
        ut = prod["attributes"].get("usagetype")
        if ut not in usage_to_sku:
            continue
        assert prod["attributes"]["regionCode"] == "us-east-1"
        terms = ecs["terms"]["OnDemand"][sku_id]
        (term,) = terms.values()
        (pd,) = term["priceDimensions"].values()
        assert pd["beginRange"] == "0" and pd["endRange"] == "Inf"
        found[usage_to_sku[ut]] = row(provider="aws", service="fargate", region="us-east-1",
                                      sku=usage_to_sku[ut], purchase="on_demand", unit="hour",
                                      price=num(pd["pricePerUnit"]["USD"]),
                                      effective_date=ecs["publicationDate"][:10], source=SRC_FARGATE)
    for sku in ("vcpu:x86_64", "memory:x86_64", "vcpu:arm64", "memory:arm64"):
        out.append(found[sku])
    return out


# ---------------------------------------------------------------------------------------
# GCP us-central1
# ---------------------------------------------------------------------------------------
def gcp_rows(samples):
    with open(os.path.join(samples, "gcp-compute-prices-us-central1-karpenter-excerpt.json")) as f:
        # parse_float=str keeps the exact decimal text of the source
        data = json.load(f, parse_float=str, parse_int=str)
    region = data["prices"]["us-central1"]
    out = []
    for purchase, key in (("on_demand", "on_demand"), ("spot", "spot")):
        for mt in sorted(region[key]):
            vcpu, mem = GCP_SIZES.get(mt, ("", ""))
            out.append(row(provider="gcp", service="compute", region="us-central1", sku=mt,
                           purchase=purchase, unit="hour", price=num(region[key][mt]),
                           vcpu=vcpu, memory_gb=mem, effective_date=DATE_GCP, source=SRC_GCP))
    return out


# ---------------------------------------------------------------------------------------
# Azure eastus
# ---------------------------------------------------------------------------------------
AZ_SERIES = re.compile(r"^Standard_([A-Z]+)(\d+)([a-z]*)_v(\d+)$")


def azure_rows(samples):
    """Returns (rows, dropped) where dropped is a list of (sku, price, reason)."""
    with open(os.path.join(samples, "azure-vm-ondemand-linux-eastus-karpenter.csv"), newline="") as f:
        src = list(csv.DictReader(f))
    dropped = []
    keep = []
    for r in src:
        name, price = r["armSkuName"], Decimal(r["usd_per_hour"])
        if not (name.startswith("Standard_") or name.startswith("Basic_")):
            dropped.append((name, r["usd_per_hour"], "not a VM size (dedicated-host SKU)"))
        elif price <= 0:
            dropped.append((name, r["usd_per_hour"], "zero price (no Linux pay-as-you-go meter)"))
        else:
            keep.append(r)
    # Linearity check on series whose price scales with the vCPU number in the name by design
    # (v5 and later; B-series v2): a row priced >10% per vCPU above the cheapest member of its
    # series carries a non-Linux meter (the README's D2as_v5 = 0.178 case) and is dropped.
    series = {}
    for r in keep:
        m = AZ_SERIES.match(r["armSkuName"])
        if not m:
            continue
        fam, ver = m.group(1), int(m.group(4))
        if not (ver >= 5 or (fam.startswith("B") and ver == 2)):
            continue
        series.setdefault((fam, m.group(3), ver), []).append((int(m.group(2)), Decimal(r["usd_per_hour"]), r))
    suspect = set()
    for members in series.values():
        if len(members) < 2:
            continue
        low = min(p / n for n, p, _ in members)
        for n, p, r in members:
            if p / n > low * Decimal("1.10") and r["armSkuName"] not in AZURE_KEEP:
                suspect.add(r["armSkuName"])
                dropped.append((r["armSkuName"], r["usd_per_hour"],
                                "per-vCPU price >10% above its series (likely non-Linux meter)"))
    out = []
    for r in keep:
        name = r["armSkuName"]
        if name in suspect:
            continue
        vcpu, mem = AZURE_SIZES.get(name, ("", ""))
        out.append(row(provider="azure", service="vm", region="eastus", sku=name,
                       purchase="on_demand", unit="hour", price=num(r["usd_per_hour"]),
                       vcpu=vcpu, memory_gb=mem, effective_date=DATE_AZURE, source=SRC_AZURE))
    return out, dropped


# ---------------------------------------------------------------------------------------
def manual_rows(path):
    with open(path, newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    rd = csv.DictReader(io.StringIO("".join(lines)))
    # the hand-kept rows have no arch column (none of them is an instance)
    assert rd.fieldnames == [h for h in HEADER if h != "arch"], rd.fieldnames
    return [dict(r, arch="") for r in rd]


COMMENTS = {
    "aws-us-east-1.csv": [
        "infra-cost price book: AWS us-east-1 (USD). Generated by regenerate.py; do not edit by hand.",
        "Sources (details and dates in README.md):",
        "  ec2 on_demand: " + SRC_KARP_AWS + " (generated 2026-07-20; Linux; Shared tenancy)",
        "  ec2 on_demand of bare-metal types (*.metal*): " + SRC_OPSZERO + " (2024-04-04);",
        "    karpenter's metal values are Dedicated-tenancy prices and are not used (README: Not found)",
        "  ec2 vcpu/memory_gb: moto 5.2.1 ec2/resources/instance_types.json.gz (DefaultVCpus; SizeInMiB/1024)",
        "  ec2 m5.large reserved (Standard class): " + SRC_RI + " (pub 2021-02-05)",
        "  ec2 m5.large spot: single 2021-02-09 DescribeSpotPriceHistory record (stale sample)",
        "  fargate: " + SRC_FARGATE + " (AmazonECS offer pub 2025-08-28)",
        "  fargate spot (2026-09-28 feed snapshot; floats), ebs/elb/nat/s3/lambda/rds/elasticache/transfer:",
        "    sources/manual.csv (mostly secondary sources; gp2 rows are exact total/quantity from an infracost golden)",
        "Zero prices: only reserved *_all_upfront hourly rows (the cost is in the upfront column).",
    ],
    "gcp-us-central1.csv": [
        "infra-cost price book: GCP us-central1 Compute Engine (USD). Generated by regenerate.py.",
        "Prices: " + SRC_GCP + " (generated from the Cloud Billing Catalog API; refreshed 2026-08-03).",
        "Sizes: Google predefined machine types (cloud.google.com/compute/docs/general-purpose-machines);",
        "shared-core e2-micro/e2-small/e2-medium have no vcpu value on purpose (fractional vCPU).",
    ],
    "azure-eastus.csv": [
        "infra-cost price book: Azure eastus Virtual Machines, Linux pay-as-you-go (USD). Generated by regenerate.py.",
        "Prices: " + SRC_AZURE + " (Retail Prices API; generated 2026-06-18).",
        "CAVEAT: that table keeps the last Consumption meter per armSkuName, so some rows carry a",
        "non-Linux meter. Dropped: zero prices, dedicated-host SKUs, and v5+/B-v2 series rows priced",
        ">10% per vCPU above their series (README lists them). Other rows are as published: check big estimates.",
        "Sizes (few SKUs): Azure/karpenter-provider-azure@556c92387d69 pkg/fake/zz_generated.sku.eastus.go (2024-01-12).",
    ],
}


def write_book(path, name, rows):
    buf = io.StringIO()
    for c in COMMENTS[name]:
        buf.write("# " + c + "\n")
    w = csv.DictWriter(buf, fieldnames=HEADER, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for r in rows:
        w.writerow(r)
    data = buf.getvalue().encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return data


def check_book(path):
    """Sanity checks: exact header, no duplicate key, price > 0 except documented zeros."""
    with open(path, newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    rd = csv.reader(io.StringIO("".join(lines)))
    header = next(rd)
    assert header == HEADER, (path, header)
    seen = set()
    n = 0
    for rec in rd:
        n += 1
        assert len(rec) == len(HEADER), (path, rec)
        r = dict(zip(HEADER, rec))
        k = tuple(r[c] for c in KEY)
        assert k not in seen, ("duplicate key", path, k)
        seen.add(k)
        p = Decimal(r["price"])
        if r["purchase"].endswith("_all_upfront"):
            assert p == 0 and Decimal(r["upfront"]) > 0, (path, r)
        else:
            assert p > 0, ("non-positive price", path, r)
        if r["purchase"].startswith("reserved_"):
            assert r["upfront"] != "", (path, r)
        Decimal(r["tier_start"])
        if r["effective_date"]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["effective_date"]), (path, r)
        assert r["source"], (path, r)
    return n


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    repo_root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", default=os.path.join(repo_root, "..", "shared", "pricing-samples"))
    ap.add_argument("--out", default=here)
    ap.add_argument("--sources", default=os.path.join(repo_root, "..", "shared", "price-sources"),
                    help="the price-sources folder (bare-metal EC2 rows)")
    ap.add_argument("--manual", default=os.path.join(here, "sources", "manual.csv"))
    args = ap.parse_args(argv)
    samples = os.path.normpath(args.samples)
    sources = os.path.normpath(args.sources)

    manual = manual_rows(args.manual)
    metal_missing = []
    books = {
        "aws-us-east-1.csv": aws_rows(samples, sources, metal_missing),
        "gcp-us-central1.csv": gcp_rows(samples),
    }
    az, dropped = azure_rows(samples)
    books["azure-eastus.csv"] = az
    route = {("aws", "us-east-1"): "aws-us-east-1.csv", ("gcp", "us-central1"): "gcp-us-central1.csv",
             ("azure", "eastus"): "azure-eastus.csv"}
    for r in manual:
        name = route[(r["provider"], r["region"])]
        books[name].append(r)

    os.makedirs(args.out, exist_ok=True)
    for name, rows in books.items():
        path = os.path.join(args.out, name)
        write_book(path, name, rows)
        n = check_book(path)
        print("%-22s %5d rows" % (name, n))
    print("azure rows dropped: %d (see README.md)" % len(dropped))
    print("bare-metal ec2 types without a Shared-tenancy price (left out): %d" % len(metal_missing))
    if os.environ.get("SHOW_DROPPED"):
        print("  " + " ".join(sorted(metal_missing)))
    if os.environ.get("SHOW_DROPPED"):
        for d in dropped:
            print("  %s,%s,%s" % d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
