#!/usr/bin/env python3
"""pricing_data_check.py - the shipped books against their sources (ctest: pricing_data).

1. regenerate.py, run on the sources, gives the committed books byte for byte.
2. The bare-metal EC2 rows (*.metal*) carry Shared-tenancy prices: each one names
   the opszero table of ec2instances.info and equals its us-east-1 value; none is
   karpenter's (whose metal values are Dedicated-tenancy prices); every metal type of
   karpenter's table that the book lacks is listed under "Not found" in README.md.

The sources are ../shared/pricing-samples and ../shared/price-sources beside the
repository (INFRACOST_PRICING_SAMPLES, INFRACOST_PRICE_SOURCES to point elsewhere).
Without them the test fails: set INFRACOST_NO_PRICE_SOURCES=1 to skip it knowingly.
"""

import csv
import filecmp
import importlib.util
import io
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
                try:
                    self.regen.main(["--samples", SAMPLES, "--sources", SOURCES, "--out", out])
                finally:
                    sys.stdout = stdout
            for name in ("aws-us-east-1.csv", "gcp-us-central1.csv", "azure-eastus.csv"):
                self.assertTrue(filecmp.cmp(os.path.join(out, name), os.path.join(DATA, name),
                                            shallow=False),
                                "%s differs from what regenerate.py makes of its sources" % name)

    def test_metal_rows_are_shared_tenancy(self):
        shared = self.regen.opszero_shared(SOURCES)
        rows = [r for r in book_rows(os.path.join(DATA, "aws-us-east-1.csv"))
                if r["service"] == "ec2" and self.regen.is_metal(r["sku"])]
        self.assertGreater(len(rows), 0)
        for r in rows:
            self.assertEqual(r["purchase"], "on_demand", r)
            self.assertEqual(r["source"], self.regen.SRC_OPSZERO, r)
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


if __name__ == "__main__":
    unittest.main()
