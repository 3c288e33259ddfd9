#!/usr/bin/env python3
"""gen_offer.py - a large AmazonEC2 regional offer file (JSON and CSV) for the import benchmark.

usage: gen_offer.py [--json OUT.json] [--csv OUT.csv] (--mb N | --products N) [--seed S]

Writes an AWS Price List offer file for AmazonEC2 in us-east-1, ~N MiB per variant, built by
replicating the real excerpts kept in tests/data/feeds/aws/ (standard library only, streamed: the
output is never held in memory):

  * ec2-us-east-1-opencost.json (AmazonEC2 20240528203522): the product layout and the attribute
    names and order of a 2024 offer file (with marketoption, regionCode), the On Demand term and
    dimension layout, the file header;
  * ec2-m5.large-offer.json (a real Pricing API item, 2021): the twelve reserved terms (their
    offerTermCode, effectiveDate, termAttributes, and price and upfront fee as a ratio of the on
    demand price);
  * ec2-global-excerpt.csv (AmazonEC2 20250912225308): the 5 metadata lines, the real 91-column
    header, cell quoting, and the wording of descriptions, usage types and operation codes for
    Windows, RHEL, SQL Web, Dedicated and capacity-reservation products.

Every product gets a fresh 16-character SKU, and every term and dimension key is built from it
("SKU.TERM", "SKU.TERM.RATE"). Instance types are varied (families x generations x suffixes x
sizes: m5.large, c7gd.4xlarge, ... then higher generation numbers once the usual ones are used
up), with sizes and prices derived from the size and the family. Product mix (by product):

  70 %  Linux, Shared tenancy, capacitystatus Used, preInstalledSw NA, No License required,
        BoxUsage, RunInstances, marketoption OnDemand: maps to a price-book key (ec2 TYPE hour),
        each with a new instance type; on demand + 12 reserved terms (6 standard, 6 convertible)
  10 %  Windows (RunInstances:0002)                      skipped
   6 %  Linux, Dedicated tenancy (DedicatedUsage:)       skipped
   4 %  RHEL (RunInstances:0010)                         skipped
   3 %  Windows with SQL Web (RunInstances:0202)         skipped
   3 %  Linux, UnusedCapacityReservation (UnusedBox:)    skipped; on demand term only
   1 %  Linux, marketoption CapacityBlock ($0)           skipped; on demand term only
   3 %  Linux/Shared/Used in another region (ap-northeast-1, eu-west-1; APN1-, EU- usage types):
        maps to a key of that region unless the import filters regions

Skipped products reuse instance types of mapped ones (as real files list one type many times).
Both variants are written from one stream of products (same seed: same products, prices and
SKUs); each stops after the product that takes it past N MiB (a CSV row per price dimension
costs about as much as the JSON text, so both hold about the same number of products).
--products N writes exactly N products to each instead. A summary goes to stderr.
"""
import argparse
import csv
import json
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "tests", "data", "feeds", "aws")
MIB = 1048576

# ---- the real excerpts ----------------------------------------------------------------------


def fixture(name):
    return os.path.join(FIXTURES, name)


def load_templates():
    """Header, attribute order, reserved terms and CSV header from the real excerpts."""
    with open(fixture("ec2-us-east-1-opencost.json")) as f:
        od = json.load(f)
    with open(fixture("ec2-m5.large-offer.json")) as f:
        m5 = json.load(f)
    with open(fixture("ec2-global-excerpt.csv"), newline="") as f:
        rows = list(csv.reader(f))
    first = next(iter(od["products"].values()))
    attr_order = list(first["attributes"].keys())
    od_term = next(iter(next(iter(od["terms"]["OnDemand"].values())).values()))
    od_dim = next(iter(od_term["priceDimensions"].values()))
    # The reserved terms of m5.large: code, date, attributes, hourly and upfront ratios.
    (m5_sku, m5_terms), = m5["terms"]["OnDemand"].items()
    m5_od, = [d for t in m5_terms.values() for d in t["priceDimensions"].values()]
    m5_price = float(m5_od["pricePerUnit"]["USD"])
    reserved = []
    for term in m5["terms"]["Reserved"][m5_sku].values():
        hrs = qty = None
        for dim in term["priceDimensions"].values():
            if dim["unit"] == "Hrs":
                hrs = float(dim["pricePerUnit"]["USD"]) / m5_price
            elif dim["unit"] == "Quantity":
                qty = float(dim["pricePerUnit"]["USD"]) / m5_price
        reserved.append({
            "code": term["offerTermCode"],
            "date": term["effectiveDate"],
            "attrs": term["termAttributes"],
            "hrs": hrs,
            "qty": qty,
        })
    reserved.sort(key=lambda t: t["code"])
    return {
        "header": {k: od[k] for k in ("formatVersion", "disclaimer", "offerCode", "version",
                                      "publicationDate")},
        "attr_order": attr_order,
        "od_code": od_term["offerTermCode"],
        "od_date": od_term["effectiveDate"],
        "od_rate": od_dim["rateCode"].rsplit(".", 1)[1],
        "reserved": reserved,
        "csv_meta": rows[:5],
        "csv_header": rows[5],
    }


# ---- instance types -------------------------------------------------------------------------

# prefix: (instanceFamily, GiB per vCPU, USD per vCPU-hour for Linux on demand, sizes)
FAMILIES = [
    ("m", "General purpose", 4, 0.048, None),
    ("c", "Compute optimized", 2, 0.0425, None),
    ("r", "Memory optimized", 8, 0.063, None),
    ("t", "General purpose", 4, 0.0416, ["nano", "micro", "small", "medium", "large", "xlarge",
                                         "2xlarge"]),
    ("x", "Memory optimized", 16, 0.1043, None),
    ("z", "Memory optimized", 8, 0.093, None),
    ("i", "Storage optimized", 8, 0.078, None),
    ("d", "Storage optimized", 8, 0.125, None),
    ("h", "Storage optimized", 4, 0.0585, None),
    ("g", "GPU instance", 4, 0.1315, None),
    ("p", "GPU instance", 12, 0.341, None),
    ("inf", "Machine Learning ASIC Instances", 2, 0.057, None),
    ("trn", "Machine Learning ASIC Instances", 4, 0.168, None),
]
# suffix: (price factor, processor, clock, features, storage per vCPU GB (0: EBS only), net x)
SUFFIXES = [
    ("", 1.0, "Intel Xeon Platinum 8175", "3.1 GHz", "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo", 0, 1),
    ("a", 0.9, "AMD EPYC 7R13 Processor", "3.6 GHz", "AMD Turbo; AVX; AVX2", 0, 1),
    ("d", 1.13, "Intel Xeon Platinum 8175", "3.1 GHz", "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo", 37.5, 1),
    ("g", 0.8, "AWS Graviton2 Processor", "2.5 GHz", "NA", 0, 1),
    ("i", 1.0, "Intel Xeon 8375C (Ice Lake)", "3.5 GHz", "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo", 0, 1),
    ("n", 1.2, "Intel Xeon Platinum 8259 (Cascade Lake)", "3.1 GHz", "Intel AVX; Intel AVX2; Intel AVX512; Intel Deep Learning Boost; Intel Turbo", 0, 4),
    ("gd", 0.9, "AWS Graviton2 Processor", "2.5 GHz", "NA", 37.5, 1),
    ("ad", 1.02, "AMD EPYC 7R13 Processor", "3.6 GHz", "AMD Turbo; AVX; AVX2", 37.5, 1),
    ("id", 1.13, "Intel Xeon 8375C (Ice Lake)", "3.5 GHz", "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo", 59, 1),
    ("gn", 1.0, "AWS Graviton2 Processor", "2.5 GHz", "NA", 0, 4),
    ("in", 1.2, "Intel Xeon 8375C (Ice Lake)", "3.5 GHz", "Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo", 0, 4),
    ("i-flex", 0.95, "Intel Xeon Scalable (Sapphire Rapids)", "3.2 GHz", "Intel AMX; Intel AVX; Intel AVX2; Intel AVX512; Intel Turbo", 0, 1),
]
# size: (vCPU, normalizationSizeFactor); t sizes have fixed memory
SIZES = [("medium", 1, "2"), ("large", 2, "4"), ("xlarge", 4, "8"), ("2xlarge", 8, "16"),
         ("4xlarge", 16, "32"), ("8xlarge", 32, "64"), ("12xlarge", 48, "96"),
         ("16xlarge", 64, "128"), ("24xlarge", 96, "192"), ("32xlarge", 128, "256"),
         ("48xlarge", 192, "384"), ("metal", 96, "192")]
T_SIZES = {"nano": (2, 0.5, "0.25"), "micro": (2, 1, "0.5"), "small": (2, 2, "1"),
           "medium": (2, 4, "2"), "large": (2, 8, "4"), "xlarge": (4, 16, "8"),
           "2xlarge": (8, 32, "16")}


def instance_types():
    """Distinct instance types forever: generation-major, so m5 comes long before m40."""
    gen = 3
    while True:
        for prefix, family, gib, rate, sizes in FAMILIES:
            for sfx in SUFFIXES:
                if prefix == "t" and sfx[0] not in ("", "a", "g"):
                    continue
                for size in (sizes or [s[0] for s in SIZES]):
                    yield gen, prefix, family, gib, rate, sfx, size
        gen += 1


def network(vcpu, mult):
    tiers = ["Up to 12500 Megabit", "12500 Megabit", "25000 Megabit", "50000 Megabit"]
    if mult > 1:
        tiers = ["Up to 25 Gigabit", "50 Gigabit", "100 Gigabit", "200 Gigabit"]
    return tiers[0 if vcpu <= 16 else 1 if vcpu <= 32 else 2 if vcpu <= 64 else 3]


def describe_type(t):
    gen, prefix, family, gib, rate, sfx, size = t
    sname, sfactor, cpu, clock, features, disk, net = sfx
    name = "%s%d%s.%s" % (prefix, gen, sname, size)
    if prefix == "t":
        vcpu, mem, nsf = T_SIZES[size]
    else:
        vcpu, nsf = next((v, n) for s, v, n in SIZES if s == size)
        mem = vcpu * gib
    gen_factor = max(0.85, 1 + 0.02 * (gen - 5))
    price = round(vcpu * rate * sfactor * gen_factor, 4 if vcpu * rate < 1 else 3)
    attrs = {
        "instanceType": name,
        "currentGeneration": "Yes" if gen >= 5 else "No",
        "instanceFamily": family,
        "vcpu": str(vcpu),
        "physicalProcessor": cpu,
        "clockSpeed": clock,
        "memory": ("%g GiB" % mem),
        "storage": ("%d x %d NVMe SSD" % (max(1, vcpu // 16), disk * min(vcpu, 16))
                    if disk else "EBS only"),
        "networkPerformance": network(vcpu, net),
        "dedicatedEbsThroughput": ("Up to 10000 Mbps" if vcpu <= 16
                                   else "%d Mbps" % min(80000, vcpu * 625)),
        "ecu": "NA" if sname.startswith("g") or gen >= 6 else str(vcpu * 4),
        "enhancedNetworkingSupported": "Yes",
        "intelAvxAvailable": "Yes" if features.startswith("Intel") else "No",
        "intelAvx2Available": "Yes" if features.startswith("Intel") else "No",
        "intelTurboAvailable": "Yes" if features.startswith("Intel") else "No",
        "normalizationSizeFactor": nsf,
        "processorFeatures": features,
    }
    if prefix in ("g", "p"):
        attrs["gpu"] = str(max(1, vcpu // 12))
        attrs["gpuMemory"] = "NA"
    return name, price, attrs


# ---- products -------------------------------------------------------------------------------

REGION = ("US East (N. Virginia)", "us-east-1", "")
OTHER_REGIONS = [("Asia Pacific (Tokyo)", "ap-northeast-1", "APN1-"),
                 ("EU (Ireland)", "eu-west-1", "EU-")]

# kind: (weight %, operatingSystem, tenancy, preInstalledSw, operation, usage prefix,
#        capacitystatus, marketoption, on demand description words, reserved description,
#        price multiplier and adder per vCPU, reserved terms?)
KINDS = [
    ("linux", 70, "Linux", "Shared", "NA", "RunInstances", "BoxUsage", "Used", "OnDemand",
     "On Demand Linux", "Linux/UNIX (Amazon VPC)", 1.0, 0.0, True),
    ("windows", 10, "Windows", "Shared", "NA", "RunInstances:0002", "BoxUsage", "Used", "OnDemand",
     "On Demand Windows", "Windows (Amazon VPC)", 1.0, 0.046, True),
    ("dedicated", 6, "Linux", "Dedicated", "NA", "RunInstances", "DedicatedUsage", "Used",
     "OnDemand", "Dedicated Linux", "Linux/UNIX (Amazon VPC)", 1.1, 0.0, True),
    ("rhel", 4, "RHEL", "Shared", "NA", "RunInstances:0010", "BoxUsage", "Used", "OnDemand",
     "On Demand RHEL", "Red Hat Enterprise Linux (Amazon VPC)", 1.0, 0.0065, True),
    ("sqlweb", 3, "Windows", "Shared", "SQL Web", "RunInstances:0202", "BoxUsage", "Used",
     "OnDemand", "On Demand Windows with SQL Web", "Windows with SQL Server Web (Amazon VPC)",
     1.0, 0.063, True),
    ("unused", 3, "Linux", "Shared", "NA", "RunInstances", "UnusedBox",
     "UnusedCapacityReservation", "OnDemand", "Unused Reservation Linux", None, 1.0, 0.0, False),
    ("capacityblock", 1, "Linux", "Shared", "NA", "RunInstances:CB", "BoxUsage", "Used",
     "CapacityBlock", "Capacity Block Linux", None, 0.0, 0.0, False),
    ("otherregion", 3, "Linux", "Shared", "NA", "RunInstances", "BoxUsage", "Used", "OnDemand",
     "On Demand Linux", "Linux/UNIX (Amazon VPC)", 1.0, 0.0, True),
]
SKU_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def money(p):
    """Price in a description: "$0.096", "$32.7726", "$0.00" (as AWS writes them)."""
    s = ("%.10f" % p).rstrip("0")
    whole, frac = s.split(".")
    return whole + "." + frac.ljust(2, "0")


def products(rng, tpl):
    """An endless stream of products: (sku, attributes dict, kind, terms).
    terms: [(offerTermCode, effectiveDate, termAttributes, [(rate, description, unit, begin,
    end, price string)])], sorted by offerTermCode."""
    types = instance_types()
    seen_skus = set()
    known = []  # (name, price, attrs) of mapped types, reused by skipped products
    kinds = [k[0] for k in KINDS]
    weights = [k[1] for k in KINDS]
    by_kind = {k[0]: k for k in KINDS}
    while True:
        kind = rng.choices(kinds, weights)[0]
        (_, _, os_name, tenancy, presw, operation, usage, capacity, market, od_words, ri_words,
         mult, add, has_ri) = by_kind[kind]
        if kind == "linux" or not known:
            name, base, tattrs = describe_type(next(types))
            known.append((name, base, tattrs))
        else:
            name, base, tattrs = known[rng.randrange(len(known))]
        location, region, prefix = REGION
        if kind == "otherregion":
            location, region, prefix = OTHER_REGIONS[rng.randrange(len(OTHER_REGIONS))]
            base = round(base * 1.15, 4)
        price = round(base * mult + add * float(tattrs["vcpu"]), 5)
        while True:
            sku = "".join(rng.choice(SKU_CHARS) for _ in range(16))
            if sku not in seen_skus:
                seen_skus.add(sku)
                break
        a = {
            "servicecode": "AmazonEC2",
            "location": location,
            "locationType": "AWS Region",
            "tenancy": tenancy,
            "operatingSystem": os_name,
            "licenseModel": "No License required",
            "usagetype": "%s%s:%s" % (prefix, usage, name),
            "operation": operation,
            "availabilityzone": "NA",
            "capacitystatus": capacity,
            "classicnetworkingsupport": "false",
            "marketoption": market,
            "preInstalledSw": presw,
            "processorArchitecture": "64-bit",
            "regionCode": region,
            "servicename": "Amazon Elastic Compute Cloud",
            "vpcnetworkingsupport": "true",
        }
        a.update(tattrs)
        attrs = {k: a[k] for k in tpl["attr_order"] if k in a}
        for k in ("gpu", "gpuMemory"):
            if k in a and k not in attrs:
                attrs[k] = a[k]
        family = "Compute Instance (bare metal)" if name.endswith(".metal") else "Compute Instance"
        terms = []
        od_rate = "%s.%s.%s" % (sku, tpl["od_code"], tpl["od_rate"])
        terms.append((tpl["od_code"], tpl["od_date"], None,
                      [(od_rate, "%s per %s %s Instance Hour" % ("$" + money(price), od_words,
                                                                 name),
                        "Hrs", "0", "Inf", "%.10f" % price)]))
        if has_ri:
            for t in tpl["reserved"]:
                code = t["code"]
                hourly = round(price * t["hrs"], 5)
                desc = "%s, %s reserved instance applied" % (ri_words, name)
                if hourly == 0:
                    desc = "USD 0.0 per " + desc
                dims = [("%s.%s.6YS6EN2CT7" % (sku, code), desc, "Hrs", "0", "Inf",
                         "%.10f" % hourly)]
                if t["qty"] is not None:
                    dims.append(("%s.%s.2TG2D8R56U" % (sku, code), "Upfront Fee", "Quantity",
                                 None, None, "%d" % round(price * t["qty"])))
                terms.append((code, t["date"], t["attrs"], dims))
            terms.sort(key=lambda x: x[0])
        yield sku, family, attrs, kind, terms


# ---- writers --------------------------------------------------------------------------------

q = json.encoder.encode_basestring  # the C encoder: '"text"'


class JsonWriter:
    """products go to OUT, OnDemand and Reserved terms to two side files, joined at the end."""

    def __init__(self, path, tpl):
        self.path = path
        self.out = open(path, "w", buffering=1 << 20)
        self.od_path, self.ri_path = path + ".ondemand.tmp", path + ".reserved.tmp"
        self.od = open(self.od_path, "w", buffering=1 << 20)
        self.ri = open(self.ri_path, "w", buffering=1 << 20)
        self.size = 0
        self.n = 0
        self.n_od = self.n_ri = 0
        h = tpl["header"]
        head = "{\n" + "".join("  %s: %s,\n" % (q(k), q(v)) for k, v in h.items()) + \
            '  "products": {\n'
        self.write(self.out, head)

    def write(self, f, s):
        f.write(s)
        self.size += len(s)

    def product(self, sku, family, attrs, terms):
        lines = ["%s    %s: {\n      \"sku\": %s,\n      \"productFamily\": %s,\n"
                 "      \"attributes\": {\n" % (",\n" if self.n else "", q(sku), q(sku), q(family))]
        lines.append(",\n".join("        %s: %s" % (q(k), q(v)) for k, v in attrs.items()))
        lines.append("\n      }\n    }")
        self.write(self.out, "".join(lines))
        self.n += 1
        od = [t for t in terms if t[2] is None]
        ri = [t for t in terms if t[2] is not None]
        if od:
            self.write(self.od, ("%s      %s: {\n" % (",\n" if self.n_od else "", q(sku))) +
                       ",\n".join(self.term(sku, t) for t in od) + "\n      }")
            self.n_od += 1
        if ri:
            self.write(self.ri, ("%s      %s: {\n" % (",\n" if self.n_ri else "", q(sku))) +
                       ",\n".join(self.term(sku, t) for t in ri) + "\n      }")
            self.n_ri += 1

    @staticmethod
    def term(sku, t):
        code, date, tattrs, dims = t
        out = ['        "%s.%s": {\n          "offerTermCode": %s,\n          "sku": %s,\n'
               '          "effectiveDate": %s,\n          "priceDimensions": {\n'
               % (sku, code, q(code), q(sku), q(date))]
        ds = []
        for rate, desc, unit, begin, end, price in dims:
            d = ['            %s: {\n              "rateCode": %s,\n'
                 '              "description": %s,\n' % (q(rate), q(rate), q(desc))]
            if begin is not None:
                d.append('              "beginRange": %s,\n              "endRange": %s,\n'
                         % (q(begin), q(end)))
            d.append('              "unit": %s,\n              "pricePerUnit": {\n'
                     '                "USD": %s\n              },\n'
                     '              "appliesTo": []\n            }' % (q(unit), q(price)))
            ds.append("".join(d))
        out.append(",\n".join(ds))
        out.append("\n          },\n          \"termAttributes\": {")
        if tattrs:
            out.append("\n" + ",\n".join("            %s: %s" % (q(k), q(v))
                                         for k, v in tattrs.items()) + "\n          }")
        else:
            out.append("}")
        out.append("\n        }")
        return "".join(out)

    def close(self):
        self.od.close()
        self.ri.close()
        self.out.write('\n  },\n  "terms": {\n    "OnDemand": {\n')
        with open(self.od_path) as f:
            shutil.copyfileobj(f, self.out, 1 << 20)
        self.out.write('\n    },\n    "Reserved": {\n')
        with open(self.ri_path) as f:
            shutil.copyfileobj(f, self.out, 1 << 20)
        self.out.write('\n    }\n  },\n  "attributesList": {}\n}\n')
        self.out.close()
        os.unlink(self.od_path)
        os.unlink(self.ri_path)

    def abort(self):
        for f in (self.out, self.od, self.ri):
            f.close()
        for p in (self.od_path, self.ri_path):
            if os.path.exists(p):
                os.unlink(p)


def norm(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def cell(v):
    return '"' + v.replace('"', '""') + '"' if v else ""


class CsvWriter:
    """One row per price dimension, cells placed by header name (as derive.py does)."""

    def __init__(self, path, tpl):
        self.out = open(path, "w", newline="", buffering=1 << 20)
        self.header = tpl["csv_header"]
        self.index = {norm(h): i for i, h in enumerate(self.header)}
        h = tpl["header"]
        meta = [["FormatVersion", h["formatVersion"]], ["Disclaimer", h["disclaimer"]],
                ["Publication Date", h["publicationDate"]], ["Version", h["version"]],
                ["OfferCode", h["offerCode"]]]
        self.size = 0
        self.n = 0
        self.rows = 0
        self.write("".join(",".join(cell(v) for v in m) + "\n" for m in meta))
        self.write(",".join(cell(v) for v in self.header) + "\n")
        self.col = {k: self.index[norm(k)] for k in (
            "SKU", "OfferTermCode", "RateCode", "TermType", "PriceDescription", "EffectiveDate",
            "StartingRange", "EndingRange", "Unit", "PricePerUnit", "Currency",
            "LeaseContractLength", "PurchaseOption", "OfferingClass", "Product Family")}

    def write(self, s):
        self.out.write(s)
        self.size += len(s)

    def product(self, sku, family, attrs, terms):
        base = [""] * len(self.header)
        for k, v in attrs.items():
            base[self.index[norm(k)]] = v
        base[self.col["Product Family"]] = family
        base[self.col["SKU"]] = sku
        base[self.col["Currency"]] = "USD"
        lines = []
        c = self.col
        for code, date, tattrs, dims in terms:
            for rate, desc, unit, begin, end, price in dims:
                row = list(base)
                row[c["OfferTermCode"]] = code
                row[c["RateCode"]] = rate
                row[c["TermType"]] = "Reserved" if tattrs else "OnDemand"
                row[c["PriceDescription"]] = desc
                row[c["EffectiveDate"]] = date[:10]
                row[c["StartingRange"]] = begin or ""
                row[c["EndingRange"]] = end or ""
                row[c["Unit"]] = unit
                row[c["PricePerUnit"]] = price
                if tattrs:
                    row[c["LeaseContractLength"]] = tattrs["LeaseContractLength"]
                    row[c["PurchaseOption"]] = tattrs["PurchaseOption"]
                    row[c["OfferingClass"]] = tattrs["OfferingClass"]
                lines.append(",".join(cell(v) for v in row))
        self.write("\n".join(lines) + "\n")
        self.rows += len(lines)
        self.n += 1

    def close(self):
        self.out.close()

    def abort(self):
        self.out.close()


# ---- main -----------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", metavar="OUT.json", help="write the JSON offer file here")
    ap.add_argument("--csv", metavar="OUT.csv", help="write the CSV offer file here")
    size = ap.add_mutually_exclusive_group(required=True)
    size.add_argument("--mb", type=float, help="size of each file in MiB (approximate)")
    size.add_argument("--products", type=int, help="exactly this many products in each file")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if not args.json and not args.csv:
        ap.error("give --json, --csv or both")

    tpl = load_templates()
    rng = random.Random(args.seed)
    writers = []
    try:
        if args.json:
            writers.append(JsonWriter(args.json, tpl))
        if args.csv:
            writers.append(CsvWriter(args.csv, tpl))
        limit = args.mb * MIB if args.mb is not None else None
        counts = {}
        active = list(writers)
        for sku, family, attrs, kind, terms in products(rng, tpl):
            if not active:
                break
            for w in active:
                w.product(sku, family, attrs, terms)
                counts.setdefault(id(w), {}).setdefault(kind, 0)
                counts[id(w)][kind] += 1
            active = [w for w in active
                      if (w.size < limit if limit is not None else w.n < args.products)]
        for w in writers:
            w.close()
    except BaseException:
        for w in writers:
            w.abort()
        raise
    for w in writers:
        path = w.path if isinstance(w, JsonWriter) else w.out.name
        c = counts.get(id(w), {})
        n = sum(c.values())
        mapped = c.get("linux", 0)
        extra = " (%d rows)" % w.rows if isinstance(w, CsvWriter) else ""
        print("gen_offer.py: %s: %.1f MiB, %d products%s: %d map to us-east-1 keys (%.1f %%), "
              "%d other-region, %d skipped kinds (%s)"
              % (path, os.path.getsize(path) / MIB, n, extra, mapped, 100.0 * mapped / max(n, 1),
                 c.get("otherregion", 0), n - mapped - c.get("otherregion", 0),
                 ", ".join("%s %d" % (k, c[k]) for k in sorted(c)
                           if k not in ("linux", "otherregion"))), file=sys.stderr)


if __name__ == "__main__":
    main()
