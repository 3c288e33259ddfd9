#!/usr/bin/env python3
"""pricing_data_check.py - the shipped books against their sources (ctest: pricing_data).

1. regenerate.py, run on the sources, gives the committed books byte for byte.
2. The bare-metal EC2 rows (*.metal*) carry Shared-tenancy prices: each one names
   the opszero table of ec2instances.info and equals its us-east-1 value; none is
   karpenter's (whose metal values are Dedicated-tenancy prices); every metal type of
   karpenter's table that the book lacks is listed under "Not found" in README.md.
3. Every shared price-source row the books carry (EBS, terracost, ElastiCache, RDS) equals its
   file's value; of the world sources (EC2 opszero and GovCloud, the x2iedn record, the Spot
   Advisor, Azure, GCP) every 37th row of each book, and every row of the books of issue 11's
   "Done when" regions, is re-read from its file and compared; every region of those sources
   has a book.

The sources are ../shared/pricing-samples and ../shared/price-sources beside the
repository (INFRACOST_PRICING_SAMPLES, INFRACOST_PRICE_SOURCES to point elsewhere).
Without them the test fails: set INFRACOST_NO_PRICE_SOURCES=1 to skip it knowingly.
"""

import csv
import filecmp
import importlib.util
import io
import json
import os
import re
import sys
import tempfile
import unittest
from decimal import Decimal

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "pricing-data")
SAMPLES = os.environ.get("INFRACOST_PRICING_SAMPLES",
                         os.path.join(ROOT, "..", "shared", "pricing-samples"))
SOURCES = os.environ.get("INFRACOST_PRICE_SOURCES",
                         os.path.join(ROOT, "..", "shared", "price-sources"))


def load_regenerate():
    spec = importlib.util.spec_from_file_location("regenerate", os.path.join(DATA, "regenerate.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def book_rows(path):
    with open(path, newline="") as f:
        lines = [l for l in f if not l.startswith("#")]
    return list(csv.DictReader(io.StringIO("".join(lines))))


@unittest.skipIf(os.environ.get("INFRACOST_NO_PRICE_SOURCES") == "1",
                 "INFRACOST_NO_PRICE_SOURCES=1")
class PricingData(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for d in (SAMPLES, SOURCES):
            if not os.path.isdir(d):
                raise AssertionError("%s: not found (the books' sources; set "
                                     "INFRACOST_NO_PRICE_SOURCES=1 to skip)" % d)
        cls.regen = load_regenerate()

    def test_books_regenerate_byte_for_byte(self):
        with tempfile.TemporaryDirectory() as out:
            with open(os.devnull, "w") as null:
                stdout, sys.stdout = sys.stdout, null
                stderr, sys.stderr = sys.stderr, null
                try:
                    self.regen.main(["--samples", SAMPLES, "--sources", SOURCES, "--out", out])
                finally:
                    sys.stdout, sys.stderr = stdout, stderr
            made = sorted(n for n in os.listdir(out) if n.endswith(".csv"))
            shipped = sorted(n for n in os.listdir(DATA) if n.endswith(".csv"))
            self.assertEqual(made, shipped, "the books regenerate.py makes are the books shipped")
            for name in ("aws-us-east-1.csv", "aws-eu-west-1.csv", "gcp-us-central1.csv",
                         "azure-eastus.csv"):
                self.assertIn(name, made)
            for name in made:
                self.assertTrue(filecmp.cmp(os.path.join(out, name), os.path.join(DATA, name),
                                            shallow=False),
                                "%s differs from what regenerate.py makes of its sources" % name)

    def test_metal_rows_are_shared_tenancy(self):
        shared = self.regen.opszero_shared(SOURCES)
        rows = [r for r in book_rows(os.path.join(DATA, "aws-us-east-1.csv"))
                if r["service"] == "ec2" and self.regen.is_metal(r["sku"])
                and r["purchase"] == "on_demand"]
        self.assertGreater(len(rows), 0)
        for r in rows:
            self.assertEqual(r["purchase"], "on_demand", r)
            self.assertTrue(r["source"].startswith(self.regen.SRC_OPSZERO), r)
            self.assertEqual(r["effective_date"], "2024-04-04", r)
            self.assertIn(r["sku"], shared, r)
            self.assertEqual(Decimal(r["price"]), Decimal(shared[r["sku"]]), r)
        # karpenter's table: every metal type is in the book or named as not found
        with open(os.path.join(SAMPLES, "aws-ec2-ondemand-linux-us-east-1-karpenter.csv"),
                  newline="") as f:
            karpenter = {r["instance_type"]: r["usd_per_hour"] for r in csv.DictReader(f)}
        with open(os.path.join(DATA, "README.md")) as f:
            readme = f.read()
        not_found = readme[readme.index("## Not found"):]
        in_book = {r["sku"] for r in rows}
        missing = [t for t in karpenter if self.regen.is_metal(t) and t not in in_book]
        for t in missing:
            self.assertRegex(not_found, r"`%s`" % re.escape(t),
                             "%s: neither in the book nor under Not found" % t)
        # the old defect: a Dedicated price under the Shared-tenancy key
        dedicated = [r["sku"] for r in rows
                     if Decimal(karpenter[r["sku"]]) != Decimal(r["price"])]
        self.assertIn("c6g.metal", dedicated)  # 2.3066 Dedicated, 2.176 Shared

    # -- rows read from ../shared/price-sources, each found again in its file ---------------
    # The lookups below do not use regenerate.py's selections: they read the product the
    # row's source text names (usagetype, attributes, engine and node) straight from the file.

    def all_book_rows(self):
        out = []
        for name in sorted(os.listdir(DATA)):
            if name.endswith(".csv"):
                out += [dict(r, book=name) for r in book_rows(os.path.join(DATA, name))]
        return out

    def check_getproducts(self, r, fname):
        with open(os.path.join(SOURCES, fname)) as f:
            items = json.load(f)
        ut = re.search(r" usagetype (\S+)$", r["source"]).group(1)
        found = [it for it in items if it["product"]["attributes"]["usagetype"] == ut
                 and it["product"]["attributes"]["regionCode"] == r["region"]]
        self.assertEqual(len(found), 1, r)
        (term,) = found[0]["terms"]["OnDemand"].values()
        (pd,) = term["priceDimensions"].values()
        usd = Decimal(pd["pricePerUnit"]["USD"])
        if r["unit"] == "mbps_month":  # GiB/s-months in the API, MiB/s-months in the book
            self.assertEqual(pd["unit"], "GiBps-mo", r)
            self.assertIn("$%s per provisioned MiBps-month" % r["price"], pd["description"], r)
            usd = usd / 1024
        self.assertEqual(Decimal(r["price"]), usd, r)
        self.assertEqual(r["effective_date"], found[0]["publicationDate"][:10], r)

    def check_terracost(self, r, rows):
        text = r["source"][len(self.regen.SRC_TERRACOST):]
        pairs = dict(re.findall(r" (\w+)=(.*?)(?= \w+=|$)", text))
        columns = ("service_code", "product_family", "usage_type", "starting_range")
        for c in columns:
            self.assertIn(c, pairs, r)
        attrs = {k: v for k, v in pairs.items() if k not in columns}
        found = [t for t in rows if all(t[c] == pairs[c] for c in columns)
                 and all(json.loads(t["other_attributes_json"]).get(k) == v
                         for k, v in attrs.items())]
        self.assertTrue(found, r)
        for t in found:
            self.assertEqual(Decimal(t["price_per_unit"]), Decimal(r["price"]), (r, t))
            self.assertIn(t["region"], (r["region"], ""), (r, t))
        self.assertEqual(Decimal(r["tier_start"]), Decimal(pairs["starting_range"]), r)
        self.assertEqual(r["effective_date"], "2023-02-23", r)

    RESERVED = {"yrTerm1Standard.noUpfront": "reserved_1yr_no_upfront",
                "yrTerm1Standard.partialUpfront": "reserved_1yr_partial_upfront",
                "yrTerm1Standard.allUpfront": "reserved_1yr_all_upfront",
                "yrTerm3Standard.noUpfront": "reserved_3yr_no_upfront",
                "yrTerm3Standard.partialUpfront": "reserved_3yr_partial_upfront",
                "yrTerm3Standard.allUpfront": "reserved_3yr_all_upfront"}
    RESERVED.update({k.replace("Standard", ""): v for k, v in RESERVED.items()})  # the RDS table's

    def check_reserved(self, r, prices, term, raw):
        """An ec2instances.info term: an effective hourly rate (exact for No Upfront, upfront 0;
        else marked effective), or the raw recurring fee (-hrs) and upfront fee (-quantity)."""
        self.assertEqual(self.RESERVED[term], r["purchase"], r)
        if raw:
            self.assertEqual(Decimal(prices["reserved"][term + "-hrs"]), Decimal(r["price"]), r)
            self.assertEqual(Decimal(prices["reserved"].get(term + "-quantity", 0)), Decimal(r["upfront"]), r)
            self.assertEqual(raw == "-hrs", term.endswith("noUpfront"), r)
            self.assertEqual(r.get("effective", ""), "", r)
            return
        self.assertEqual(Decimal(prices["reserved"][term]), Decimal(r["price"]), r)
        no_upfront = term.endswith("noUpfront")
        self.assertEqual(r.get("effective", ""), "" if no_upfront else "1", r)
        self.assertEqual(r["upfront"], "0" if no_upfront else "", r)

    def check_ec2instancesinfo(self, r, data, region_key, date):
        m = re.search(r" (Valkey|Memcached|Redis|PostgreSQL|MySQL|MariaDB|Aurora PostgreSQL|Aurora MySQL) "
                      r"((?:cache|db)\.\S+) (\S+) (ondemand|reserved (\S+?)(-hrs(?: and -quantity)?)? \(.*\))$",
                      r["source"])
        self.assertIsNotNone(m, r)
        engine, node, region, _, term, raw = m.groups()
        self.assertEqual(region, r["region"], r)
        self.assertTrue(r["sku"].startswith(engine.lower().replace(" ", "-") + ":" + node), r)
        (rec,) = [d for d in data if d["instance_type"] == node]
        prices = rec[region_key][region][engine]
        if term is None:
            self.assertEqual(r["purchase"], "on_demand", r)
            self.assertEqual(Decimal(prices["ondemand"]), Decimal(r["price"]), r)
        else:
            self.check_reserved(r, prices, term, raw)
        self.assertEqual(r["effective_date"], date, r)

    def check_opensearch(self, r, data):
        m = re.search(r" (\S+\.search) (\S+) (ondemand|reserved (\S+) \(.*\))$", r["source"])
        self.assertIsNotNone(m, r)
        node, region, _, term = m.groups()
        self.assertEqual((r["service"], r["sku"], r["region"]), ("opensearch", node, region), r)
        (rec,) = [d for d in data if d["instance_type"] == node]
        prices = rec["pricing"][region]
        if term is None:
            self.assertEqual(r["purchase"], "on_demand", r)
            self.assertEqual(Decimal(prices["ondemand"]), Decimal(r["price"]), r)
        else:
            self.check_reserved(r, prices, term, None)
        self.assertEqual(Decimal(r["vcpu"]), Decimal(rec["vcpu"]), r)
        self.assertEqual(Decimal(r["memory_gb"]), Decimal(rec["memoryGib"]), r)
        self.assertEqual(r["effective_date"], "2025-04-24", r)

    def check_t3_medium(self, r, item):
        """The recorded t3.medium GetProducts item: its OnDemand price or one of its 12 terms."""
        self.assertEqual((r["service"], r["sku"], r["region"]), ("ec2", "t3.medium", "us-east-1"), r)
        self.assertEqual(r["effective_date"], item["publicationDate"][:10], r)
        if r["purchase"] == "on_demand":
            (term,) = item["terms"]["OnDemand"].values()
            (pd,) = term["priceDimensions"].values()
            self.assertEqual(Decimal(pd["pricePerUnit"]["USD"]), Decimal(r["price"]), r)
            return
        m = re.fullmatch(r"reserved_(convertible_)?(1yr|3yr)_(no|partial|all)_upfront", r["purchase"])
        self.assertIsNotNone(m, r)
        want = ("convertible" if m.group(1) else "standard", m.group(2),
                m.group(3).capitalize() + " Upfront")
        (term,) = [t for t in item["terms"]["Reserved"].values()
                   if (t["termAttributes"]["OfferingClass"], t["termAttributes"]["LeaseContractLength"],
                       t["termAttributes"]["PurchaseOption"]) == want]
        dims = {pd["unit"]: Decimal(pd["pricePerUnit"]["USD"]) for pd in term["priceDimensions"].values()}
        self.assertEqual(dims["Hrs"], Decimal(r["price"]), r)
        self.assertEqual(dims.get("Quantity", 0), Decimal(r["upfront"]), r)

    def check_netflix(self, r, data):
        """annual_cost x 3 as the 3-year All Upfront fee (price 0)."""
        m = re.search(r" (\S+) (\S+) annual_cost (\S+) x 3 ", r["source"])
        self.assertIsNotNone(m, r)
        region, it, annual = m.groups()
        self.assertEqual(r["region"], region, r)
        self.assertIn(":%s:" % it if r["service"] == "rds" else it, ":%s:" % r["sku"], r)
        self.assertEqual(Decimal(repr(data[region]["instances"][it]["annual_cost"])), Decimal(annual), r)
        self.assertEqual((r["purchase"], Decimal(r["price"])), ("reserved_3yr_all_upfront", 0), r)
        self.assertEqual(Decimal(r["upfront"]), Decimal(annual) * 3, r)

    def test_shared_rows_match_their_sources(self):
        rg = self.regen
        with open(os.path.join(SOURCES, rg.FILE_TERRACOST), newline="") as f:
            terracost = list(csv.DictReader(f))
        with open(os.path.join(SOURCES, rg.FILE_ELASTICACHE)) as f:
            cache = json.load(f, parse_float=str)
        with open(os.path.join(SOURCES, rg.FILE_RDS2021)) as f:
            rds = json.load(f, parse_float=str)
        with open(os.path.join(SAMPLES, "aws-ecs-fargate-offer-us-east-1-excerpt.json")) as f:
            ecs = json.load(f)
        with open(os.path.join(SOURCES, "aws-opensearch-instances-ec2instancesinfo.json")) as f:
            opensearch = json.load(f, parse_float=str)
        with open(os.path.join(SOURCES, "aws-getproducts-t3.medium-us-east-1-2026-08.json")) as f:
            (t3,) = json.load(f)
        netflix = {}
        for name in ("aws-ec2-3yr-allupfront-annual-us-east-1-netflix.json",
                     "aws-rds-3yr-allupfront-annual-us-east-1-netflix.json"):
            with open(os.path.join(SOURCES, name)) as f:
                netflix[name] = json.load(f)
        checked = {}
        for r in self.all_book_rows():
            src = r["source"]
            if src.startswith(rg.SRC_GP_EBS):
                self.check_getproducts(r, rg.FILE_GP_EBS)
            elif src.startswith(rg.SRC_GP_SNAP):
                self.check_getproducts(r, rg.FILE_GP_SNAP)
            elif src.startswith(rg.SRC_TERRACOST):
                self.check_terracost(r, terracost)
            elif src.startswith(rg.SRC_ELASTICACHE):
                self.check_ec2instancesinfo(r, cache, "pricing", "2025-04-24")
            elif src.startswith(rg.SRC_RDS2021):
                self.check_ec2instancesinfo(r, rds, "pricing", "2021-08-03")
            elif src.startswith(rg.SRC_OPENSEARCH):
                self.check_opensearch(r, opensearch)
            elif src.startswith(rg.SRC_GP_T3):
                self.check_t3_medium(r, t3)
            elif src.startswith(rg.SRC_NETFLIX_EC2):
                self.check_netflix(r, netflix["aws-ec2-3yr-allupfront-annual-us-east-1-netflix.json"])
            elif src.startswith(rg.SRC_NETFLIX_RDS):
                self.check_netflix(r, netflix["aws-rds-3yr-allupfront-annual-us-east-1-netflix.json"])
            elif src.startswith(rg.SRC_FARGATE) and "EphemeralStorage" in src:
                (p,) = [k for k, v in ecs["products"].items()
                        if v["attributes"]["usagetype"] == "USE1-Fargate-EphemeralStorage-GB-Hours"]
                (term,) = ecs["terms"]["OnDemand"][p].values()
                (pd,) = term["priceDimensions"].values()
                self.assertEqual(Decimal(pd["pricePerUnit"]["USD"]), Decimal(r["price"]), r)
                self.assertEqual(r["unit"], "gb_hour", r)
            else:
                continue
            key = " ".join(src.split(" ")[:2])
            checked[key] = checked.get(key, 0) + 1
            if r["purchase"].startswith("reserved_"):
                checked[key + " reserved"] = checked.get(key + " reserved", 0) + 1
        for label, least in ((rg.SRC_GP_EBS, 20), (rg.SRC_GP_SNAP, 2), (rg.SRC_TERRACOST, 100),
                             (rg.SRC_ELASTICACHE, 10000), (rg.SRC_RDS2021, 4000),
                             (rg.SRC_OPENSEARCH, 20000), (rg.SRC_GP_T3, 12), (rg.SRC_NETFLIX_EC2, 1200),
                             (rg.SRC_NETFLIX_RDS, 49), (rg.SRC_ELASTICACHE + " reserved", 10000),
                             (rg.SRC_RDS2021 + " reserved", 120), (rg.SRC_OPENSEARCH + " reserved", 15000)):
            key = " ".join(label.split(" ")[:2]) + (" reserved" if label.endswith(" reserved") else "")
            self.assertGreaterEqual(checked.get(key, 0), least, label)

    # -- world rows (issue 11): a sample of each source's rows, re-read from its file ------------
    # Each check reads the file by the row's own key (region, type) without regenerate.py's code.
    # Every row of a source is checked whose position in its book is a multiple of STEP, and
    # the rows of the regions named in issue 11's "Done when" are checked whole.
    STEP = 37
    WHOLE = {"aws-eu-west-1.csv", "aws-ap-southeast-2.csv", "gcp-europe-west1.csv",
             "azure-westeurope.csv", "azure-francecentral.csv"}

    def world_sources(self):
        rg = self.regen
        ops = {}
        with open(os.path.join(SOURCES, rg.FILE_OPSZERO)) as f:
            for d in json.load(f)["data"]:
                ops.setdefault((d["region"], d["instance-type"]), []).append(d)
        with open(os.path.join(SOURCES, rg.FILE_KARP_AWS), newline="") as f:
            karp = {(d["region"], d["instance_type"]): d for d in csv.DictReader(f)}
        with open(os.path.join(SOURCES, rg.FILE_X2)) as f:
            x2 = json.load(f)
        with open(os.path.join(SOURCES, rg.FILE_SPOT_ADVISOR)) as f:
            advisor = json.load(f)
        with open(os.path.join(SOURCES, rg.FILE_AZURE), newline="") as f:
            azure = {}
            for d in csv.DictReader(f):
                azure.setdefault((d["region"], d["arm_sku"].strip()), []).append(d["usd_per_hour"])
        with open(os.path.join(SOURCES, rg.FILE_GCP)) as f:
            gcp = json.load(f, parse_float=str)["prices"]
        with open(os.path.join(SOURCES, "azure-retail-prices-vm-francecentral-terracost-2021-12.json")) as f:
            azure_fr = json.load(f)["items"]
        with open(os.path.join(SOURCES, "azure-retail-prices-recorded-disk-ip-vm-2026-08.json")) as f:
            azure_rec = json.load(f)
        return ops, karp, x2, advisor, azure, gcp, self.cyclenerd(), azure_fr, azure_rec

    _cyclenerd = None

    @classmethod
    def cyclenerd(cls):
        """Cyclenerd's pricing.yml, parsed here (PyYAML), not by regenerate.py."""
        if cls._cyclenerd is None:
            import yaml
            with open(os.path.join(SOURCES, "gcp-pricing-cyclenerd.yml")) as f:
                cls._cyclenerd = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return cls._cyclenerd

    CUD = {"month_1y": "reserved_1yr_no_upfront", "month_3y": "reserved_3yr_no_upfront"}

    def check_cyclenerd(self, r, cyc):
        """A gcp row of pricing.yml: hour and hour_spot as they are; a committed-use row's hourly
        price x 730 is its month_1y / month_3y, exactly or to the figure's last digit."""
        m = re.fullmatch(r".* (\S+) (\S+) (hour|hour_spot|month_1y|month_3y)"
                         r"(?: (\S+) / 730 h \((exact|rounded to \d+ decimals: the monthly figure has (\d+))\))?",
                         r["source"])
        self.assertIsNotNone(m, r)
        region, mt, field, month_text, how, places = m.groups()
        self.assertEqual((region, mt), (r["region"], r["sku"]), r)
        value = cyc["compute"]["instance"][mt]["cost"][region][field]
        value = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        price = Decimal(r["price"])
        if field in ("hour", "hour_spot"):
            self.assertEqual(r["purchase"], "on_demand" if field == "hour" else "spot", r)
            self.assertEqual(price, value, r)
        else:
            self.assertEqual(r["purchase"], self.CUD[field], r)
            self.assertEqual(r["upfront"], "0", r)
            self.assertEqual(Decimal(month_text), value, r)
            if how == "exact":
                self.assertEqual(price * 730, value, r)
            else:
                self.assertEqual(-value.as_tuple().exponent, int(places), r)
                self.assertLessEqual(abs(price * 730 - value), Decimal(5).scaleb(-int(places) - 1), r)
                self.assertNotEqual(price * 730, value, r)
            self.assertLess(price, Decimal(repr(cyc["compute"]["instance"][mt]["cost"][region]["hour"]))
                            if "hour" in cyc["compute"]["instance"][mt]["cost"][region] else price + 1, r)
        self.assertEqual(r["effective_date"], "2026-07-30", r)

    def check_cyclenerd_other(self, r, cyc):
        """A non-compute row of pricing.yml: the table its source names (a dotted path), its
        region and field; licences are regionless (compute.license TYPE OS FIELD)."""
        rest = r["source"][len(self.regen.SRC_CYCLENERD) + 1:]
        lic = re.fullmatch(r"compute\.license (\S+) (\S+) (hour|month_1y|month_3y)(?: (\S+) / 730 h \((exact|rounded.*)\))?", rest)
        if lic:
            mt, os_name, field, month, how = lic.groups()
            self.assertEqual((r["service"], r["region"], r["sku"]), ("license", "global", "%s:%s" % (os_name, mt)), r)
            v = cyc["compute"]["license"][mt]["cost"][os_name][field]
            v = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
            if field == "hour":
                self.assertEqual(Decimal(r["price"]), v, r)
            else:
                self.assertEqual(Decimal(month), v, r)
                self.assertLessEqual(abs(Decimal(r["price"]) * 730 - v), Decimal("5e-9"), r)
            return
        path, region, field = rest.split(" ")
        self.assertEqual(region, r["region"], r)
        table = cyc
        for k in path.split("."):
            table = table[k]
        v = table.get("cost", table)[region][field]
        self.assertEqual(Decimal(r["price"]), Decimal(repr(v)) if isinstance(v, float) else Decimal(v), r)
        want = {"hour": "on_demand", "month": "on_demand", "month_spot": "spot",
                "month_1y": "reserved_1yr_no_upfront", "month_3y": "reserved_3yr_no_upfront"}[field]
        self.assertEqual(r["purchase"], want, r)
        self.assertEqual(r["effective_date"], "2026-07-30", r)

    def check_gcp_size(self, r, cyc):
        v = cyc["compute"]["instance"][r["sku"]]
        self.assertEqual(Decimal(r["memory_gb"]), Decimal(repr(v["ram"])) if isinstance(v["ram"], float)
                         else Decimal(v["ram"]), r)
        if r["sku"] in ("e2-micro", "e2-small", "e2-medium", "f1-micro", "g1-small"):
            self.assertEqual(r["vcpu"], "", r)   # shared core: no whole vCPUs
        else:
            self.assertEqual(Decimal(r["vcpu"]), Decimal(v["cpu"]), r)

    def check_world_row(self, r, ops, karp, x2, advisor, azure, gcp, cyc, azure_fr, azure_rec):
        """The label of the source r was checked against, or None for another source."""
        rg, src, price = self.regen, r["source"], Decimal(r["price"])
        region, sku = r["region"], r["sku"]
        if r["provider"] == "gcp" and r["service"] == "compute":
            self.check_gcp_size(r, cyc)
        if src.startswith(rg.SRC_CYCLENERD) and r["service"] != "compute":
            self.check_cyclenerd_other(r, cyc)
            return "cyclenerd-other"
        if src.startswith(rg.SRC_CYCLENERD):
            self.check_cyclenerd(r, cyc)
            return "cyclenerd-cud" if r["purchase"].startswith("reserved_") else "cyclenerd"
        if src.startswith(rg.SRC_OPSZERO + " " + region):
            field = "spot_avg" if r["purchase"] == "spot" else "ondemand"
            self.assertIn(r["purchase"], ("spot", "on_demand"), r)
            self.assertIn(price, [Decimal(d[field]) for d in ops[(region, sku)] if d[field]], r)
            self.assertEqual(r["effective_date"], "2024-04-04", r)
            return "opszero"
        if src.startswith(rg.SRC_KARP_GOV):
            self.assertEqual(Decimal(karp[(region, sku)]["usd_per_hour"]), price, r)
            self.assertEqual(karp[(region, sku)]["tenancy"], "shared", r)
            self.assertEqual(r["effective_date"], "2026-07-20", r)
            return "karpenter-gov"
        if src.startswith(rg.SRC_X2):
            self.assertEqual(sku, x2["instance_type"], r)
            linux = x2["pricing"][region]["linux"]
            m = re.search(r" reserved (yrTerm[13](Standard|Convertible)\.\w+) \(", src)
            if m:
                term = self.RESERVED[m.group(1).replace("Convertible", "Standard")]
                if m.group(2) == "Convertible":
                    term = term.replace("reserved_", "reserved_convertible_")
                self.assertEqual(r["purchase"], term, r)
                self.assertEqual(Decimal(str(linux["reserved"][m.group(1)])), price, r)
                no_upfront = m.group(1).endswith("noUpfront")
                self.assertEqual((r["upfront"], r.get("effective", "")), ("0", "") if no_upfront else ("", "1"), r)
                return "x2iedn-reserved"
            field = "spot_avg" if r["purchase"] == "spot" else "ondemand"
            self.assertEqual(Decimal(str(linux[field])), price, r)
            return "x2iedn"
        if src.startswith(rg.SRC_AZURE_FR):
            m = re.search(r" skuName '(.*)' type (\w+)", src)
            self.assertIsNotNone(m, r)
            sku_name, typ = m.groups()
            found = [it for it in azure_fr if it["armSkuName"] == sku and it["armRegionName"] == region
                     and it["skuName"] == sku_name and it["type"] == typ and it["isPrimaryMeterRegion"]
                     and not it["productName"].endswith(" Windows")
                     and it.get("reservationTerm") == {"reserved_1yr_all_upfront": "1 Year",
                                                       "reserved_3yr_all_upfront": "3 Years"}.get(r["purchase"])]
            self.assertEqual(len(found), 1, r)
            if r["purchase"].startswith("reserved_"):   # the whole-term price, paid upfront
                self.assertEqual((Decimal(r["price"]), Decimal(r["upfront"])),
                                 (0, Decimal(str(found[0]["retailPrice"]))), r)
            else:
                self.assertEqual(r["purchase"], "spot" if sku_name.endswith(" Spot") else "on_demand", r)
                self.assertEqual(Decimal(str(found[0]["retailPrice"])), price, r)
            self.assertEqual(r["effective_date"], "2021-12-14", r)
            return "azure-francecentral"
        if src.startswith(rg.SRC_AZURE_REC):
            name = src[len(rg.SRC_AZURE_REC):].split()[0]
            (resp,) = [x for x in azure_rec if x["name"] == name]
            (it,) = resp["body"]["Items"]
            self.assertEqual((it["armRegionName"], Decimal(str(it["retailPrice"]))), (region, price), r)
            self.assertFalse(it["productName"].endswith(" Windows"), r)
            return "azure-recorded"
        if src.startswith(rg.SRC_SPOT_ADVISOR):
            band = advisor["spot_advisor"][region]["Linux"][sku]["r"]
            label = advisor["ranges"][band]["label"]
            self.assertIn("interruption frequency %s " % label, src, r)
            lo = Decimal(([0] + [x["max"] for x in advisor["ranges"]])[band])
            hi = Decimal(advisor["ranges"][band]["max"]) if band < 4 else Decimal(30)
            self.assertTrue(lo / 100 <= price <= hi / 100, r)   # a share inside the band
            self.assertEqual((r["purchase"], r["unit"]), ("spot_interruption", "share"), r)
            self.assertEqual(r["effective_date"], "2025-06-28", r)
            return "spot-advisor"
        if src == rg.SRC_AZURE:
            self.assertIn(price, [Decimal(p) for p in azure[(region, sku)]], r)
            self.assertTrue(sku.startswith(("Standard_", "Basic_")), r)
            self.assertEqual(r["effective_date"], "2026-06-18", r)
            return "azure"
        if src == rg.SRC_GCP:
            kind = {"on_demand": "on_demand", "spot": "spot"}[r["purchase"]]
            self.assertEqual(Decimal(gcp[region][kind][sku]), price, r)
            self.assertEqual(r["effective_date"], "2026-08-03", r)
            # the older Cyclenerd table (karpenter's own source) agrees where it has the price
            field = {"on_demand": "hour", "spot": "hour_spot"}[r["purchase"]]
            theirs = cyc["compute"]["instance"][sku]["cost"][region].get(field)
            if theirs is not None:
                self.assertEqual(Decimal(repr(theirs)), price, r)
            return "gcp"
        return None

    def test_world_rows_match_their_sources(self):
        srcs = self.world_sources()
        checked = {}
        regions = {}
        for name in sorted(os.listdir(DATA)):
            if not name.endswith(".csv"):
                continue
            for i, r in enumerate(book_rows(os.path.join(DATA, name))):
                provider, region = name[:-4].split("-", 1)
                self.assertEqual((r["provider"], r["region"]), (provider, region), (name, r))
                if (name not in self.WHOLE and i % self.STEP and r["sku"] != "x2iedn.32xlarge"
                        and not r["source"].startswith(self.regen.SRC_AZURE_REC)):
                    continue
                label = self.check_world_row(r, *srcs)
                if label:
                    checked[label] = checked.get(label, 0) + 1
                    regions.setdefault(label, set()).add(region)
        for label, least in (("opszero", 1000), ("karpenter-gov", 5), ("x2iedn", 10),
                             ("spot-advisor", 300), ("azure", 1000), ("gcp", 500),
                             ("cyclenerd", 100), ("cyclenerd-cud", 500), ("x2iedn-reserved", 25),
                             ("cyclenerd-other", 150),
                             ("azure-francecentral", 800), ("azure-recorded", 3)):
            self.assertGreater(checked.get(label, 0), least, label)
        self.assertGreaterEqual(len(regions["opszero"]), 25)
        self.assertGreaterEqual(len(regions["azure"]), 50)
        self.assertGreaterEqual(len(regions["gcp"]), 40)

    def test_every_source_region_has_a_book(self):
        ops, karp, x2, advisor, azure, gcp, cyc, _, _ = self.world_sources()
        books = {n[:-4] for n in os.listdir(DATA) if n.endswith(".csv")}
        aws = {k[0] for k in ops if re.match(r"^[a-z]+(-gov)?-[a-z]+-\d$", k[0])}
        aws |= set(advisor["spot_advisor"])
        self.assertEqual(len({k[0] for k in ops if re.match(r"^[a-z]+(-gov)?-[a-z]+-\d$", k[0])}), 31)
        for region in sorted(aws):
            self.assertIn("aws-" + region, books)
        for region in sorted({k[0] for k in azure}):
            self.assertIn("azure-" + region, books)
        self.assertEqual(len({k[0] for k in azure}), 57)
        for region in sorted(gcp):
            self.assertIn("gcp-" + region, books)
        self.assertEqual(len(gcp), 43)
        cyc_regions = {reg for v in cyc["compute"]["instance"].values() for reg in v.get("cost", {})}
        self.assertEqual(cyc_regions, set(gcp))

    def test_gcp_every_cyclenerd_price_is_shipped(self):
        """Every machine type, region and purchase of pricing.yml is a row (the newer karpenter
        row where both have it, at the same price), but for the committed-use figures that are
        not one (f1-micro and g1-small repeat their sustained-use month; four zeros)."""
        cyc = self.cyclenerd()
        want = {}
        for mt, v in cyc["compute"]["instance"].items():
            for region, c in v.get("cost", {}).items():
                for field, purchase in (("hour", "on_demand"), ("hour_spot", "spot"),
                                        ("month_1y", "reserved_1yr_no_upfront"),
                                        ("month_3y", "reserved_3yr_no_upfront")):
                    if field not in c or not c[field] or (field.startswith("month_")
                                                          and c[field] == c.get("month")):
                        continue
                    want.setdefault(region, set()).add((mt, purchase))
        n = 0
        for region, keys in sorted(want.items()):
            have = {(r["sku"], r["purchase"]) for r in book_rows(os.path.join(DATA, "gcp-%s.csv" % region))}
            self.assertEqual(keys - have, set(), region)
            n += len(keys)
        self.assertGreater(n, 60000)

    def test_done_when_regions(self):
        """Issue 11: eu-west-1, ap-southeast-2, GCP europe-west1 and Azure westeurope price a VM on
        demand and spot (AWS, GCP), RDS and ElastiCache from the books."""
        def keys(name):
            return {(r["service"], r["sku"], r["purchase"])
                    for r in book_rows(os.path.join(DATA, name))}
        for region in ("eu-west-1", "ap-southeast-2"):
            k = keys("aws-%s.csv" % region)
            for want in (("ec2", "m5.large", "on_demand"), ("ec2", "m5.large", "spot"),
                         ("ec2", "m5.large", "spot_interruption"),
                         ("rds", "postgresql:db.t3.medium:single_az", "on_demand"),
                         ("rds", "mysql:db.m5.large:single_az", "on_demand"),
                         ("rds", "mariadb:db.t3.small:single_az", "on_demand"),
                         ("elasticache", "redis:cache.t3.small", "on_demand"),
                         ("elasticache", "valkey:cache.t3.small", "on_demand")):
                self.assertIn(want, k, region)
        for region in ("eu-west-1", "ap-southeast-2"):
            k = keys("aws-%s.csv" % region)
            for purchase in ("reserved_1yr_no_upfront", "reserved_1yr_partial_upfront",
                             "reserved_3yr_no_upfront", "reserved_3yr_partial_upfront",
                             "reserved_3yr_all_upfront"):   # no 1-year All Upfront in the source
                self.assertIn(("elasticache", "redis:cache.t3.small", purchase), k, region)
        # issue 11 part 6: db.t3.* and db.m5.* Single- and Multi-AZ for MySQL, PostgreSQL and
        # MariaDB where a source has them (Multi-AZ: only the eu-west-1 price list)
        k = keys("aws-eu-west-1.csv")
        for engine in ("mysql", "postgresql", "mariadb"):
            for node in ("db.t3.micro", "db.t3.medium", "db.m5.large", "db.m5.xlarge"):
                for az in ("single_az", "multi_az"):
                    self.assertIn(("rds", "%s:%s:%s" % (engine, node, az), "on_demand"), k)
        k = keys("gcp-europe-west1.csv")
        self.assertIn(("compute", "n2-standard-2", "on_demand"), k)
        self.assertIn(("compute", "n2-standard-2", "spot"), k)
        self.assertIn(("compute", "n2-standard-2", "reserved_1yr_no_upfront"), k)
        self.assertIn(("compute", "n2-standard-2", "reserved_3yr_no_upfront"), k)
        k = keys("azure-westeurope.csv")
        self.assertIn(("vm", "Standard_D2s_v5", "on_demand"), k)

    def test_readme_coverage_table_is_current(self):
        """README.md "World coverage" holds the table regenerate.py --coverage makes of the books."""
        with open(os.path.join(DATA, "README.md")) as f:
            readme = f.read()
        start = readme.index("<!-- coverage table: generated, do not edit -->\n") + len(
            "<!-- coverage table: generated, do not edit -->\n")
        end = readme.index("<!-- end of coverage table -->")
        self.assertEqual(readme[start:end].rstrip("\n").split("\n"), self.regen.coverage_table(DATA))

    def test_issue_items_priced_wherever_a_source_has_them(self):
        """Issue 11 item 6: EBS gp2 and io1, RDS db.t3.* and db.m5.* Single- and Multi-AZ for MySQL,
        PostgreSQL and MariaDB, and cache.t3.* are in the books wherever a source has them, each
        equal to its source (or to the newer source that replaced it, whose row names it)."""
        books = {}

        def book(provider, region):
            name = "%s-%s.csv" % (provider, region)
            if name not in books:
                books[name] = {(r["service"], r["sku"], r["purchase"], r["unit"], r["tier_start"]): r
                               for r in book_rows(os.path.join(DATA, name))}
            return books[name]
        n = 0
        # EBS gp2 and io1 (storage and IOPS): the recorded GetProducts items
        with open(os.path.join(SOURCES, self.regen.FILE_GP_EBS)) as f:
            for it in json.load(f):
                a = it["product"]["attributes"]
                kind = {"EBS:VolumeUsage.gp2": "gp2", "EBS:VolumeUsage.piops": "io1",
                        "EBS:VolumeP-IOPS.piops": "io1:iops"}.get(re.sub(r"^(USE1|EU)-", "", a["usagetype"]))
                if not kind:
                    continue
                (term,) = it["terms"]["OnDemand"].values()
                (pd,) = term["priceDimensions"].values()
                r = book("aws", a["regionCode"])[("ebs", kind, "on_demand",
                                                  "iops_month" if ":iops" in kind else "gb_month", "0")]
                self.assertEqual(Decimal(r["price"]), Decimal(pd["pricePerUnit"]["USD"]), r)
                n += 1
        self.assertEqual(n, 6)
        engines = {"MySQL": "mysql", "PostgreSQL": "postgresql", "MariaDB": "mariadb"}
        want = re.compile(r"^db\.(t3|m5)\.")
        # RDS Single-AZ of the 2021 table, every region
        with open(os.path.join(SOURCES, self.regen.FILE_RDS2021)) as f:
            rds = json.load(f, parse_float=str)
        m = 0
        for rec in rds:
            if not want.match(rec["instance_type"]):
                continue
            for region, by_engine in rec["pricing"].items():
                for engine, code in engines.items():
                    od = (by_engine.get(engine) or {}).get("ondemand")
                    if od is None or Decimal(od) <= 0:
                        continue
                    r = book("aws", region)[("rds", "%s:%s:single_az" % (code, rec["instance_type"]),
                                             "on_demand", "hour", "0")]
                    if r["source"].startswith(self.regen.SRC_RDS2021):
                        self.assertEqual(Decimal(r["price"]), Decimal(od), r)
                    else:               # a newer source (the 2023 price list), or a hand-kept row
                        self.assertTrue(r["effective_date"] > "2021-08-03"
                                        or (r["service"], r["sku"]) in self.UNDATED, r)
                    m += 1
        # RDS Single- and Multi-AZ of the 2023 eu-west-1 price list
        with open(os.path.join(SOURCES, self.regen.FILE_TERRACOST), newline="") as f:
            for t in csv.DictReader(f):
                a = json.loads(t["other_attributes_json"])
                if (t["product_family"] != "Database Instance" or not want.match(t["instance_type"])
                        or a.get("DatabaseEngine") not in engines
                        or a.get("DeploymentOption") not in ("Single-AZ", "Multi-AZ")):
                    continue
                az = "multi_az" if a["DeploymentOption"] == "Multi-AZ" else "single_az"
                r = book("aws", "eu-west-1")[("rds", "%s:%s:%s" % (engines[a["DatabaseEngine"]],
                                                                  t["instance_type"], az),
                                              "on_demand", "hour", "0")]
                self.assertEqual(Decimal(r["price"]), Decimal(t["price_per_unit"]), r)
                m += 1
        self.assertGreater(m, 1000)
        # cache.t3.*: every engine, region and term of the 2025 table
        with open(os.path.join(SOURCES, self.regen.FILE_ELASTICACHE)) as f:
            cache = json.load(f, parse_float=str)
        k = 0
        for rec in cache:
            if not rec["instance_type"].startswith("cache.t3."):
                continue
            for region, by_engine in rec["pricing"].items():
                if not self.regen.aws_place(region):
                    continue
                for engine, p in by_engine.items():
                    terms = [("on_demand", p.get("ondemand"))] + [
                        (self.RESERVED[t], v) for t, v in (p.get("reserved") or {}).items()]
                    for purchase, v in terms:
                        if v is None or Decimal(v) <= 0:
                            continue
                        r = book("aws", region)[("elasticache", "%s:%s" % (engine.lower(), rec["instance_type"]),
                                                 purchase, "hour", "0")]
                        if r["source"].startswith(self.regen.SRC_ELASTICACHE):
                            self.assertEqual(Decimal(r["price"]), Decimal(v), r)
                        k += 1
        self.assertGreater(k, 1000)

    # -- hand-kept rows -----------------------------------------------------------------------
    # Rows whose source gives no date (README.md "Conventions": the 2024 CUR rates and the
    # two infracost-golden gp2 rows). Newer hand-kept rows without a date say "undated" in
    # their source text.
    UNDATED = {("rds", "postgresql:db.t3.large:single_az"), ("elasticache", "redis:cache.t3.micro"),
               ("elasticache", "redis:cache.r6g.large"), ("rds", "postgresql:storage:gp2:single_az"),
               ("rds", "postgresql:storage:gp2:multi_az")}

    def test_manual_rows_have_source_and_date(self):
        sources_dir = os.path.join(DATA, "sources")
        names = sorted(n for n in os.listdir(sources_dir) if n.endswith(".csv"))
        self.assertIn("manual.csv", names)
        n = 0
        for name in names:
            for r in book_rows(os.path.join(sources_dir, name)):
                n += 1
                self.assertTrue(r["source"].strip(), (name, r))
                if (r["service"], r["sku"]) in self.UNDATED:
                    self.assertEqual(r["effective_date"], "", r)
                    continue
                if r["effective_date"] == "":
                    self.assertIn("undated", r["source"], (name, r))
                    continue
                self.assertRegex(r["effective_date"], r"^\d{4}-\d{2}-\d{2}$", (name, r))
        self.assertGreater(n, 40)


if __name__ == "__main__":
    unittest.main()
