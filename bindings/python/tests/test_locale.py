"""The bindings in a host whose locale has a comma decimal point.

A Python program that calls locale.setlocale(locale.LC_ALL, "de_DE.UTF-8")
changes LC_NUMERIC for the whole process, the library included. The library
must read and write numbers as before: the shipped books load, a spec value
1999.5678 is read exactly, and an estimate (and the rest) equals the one
computed in the C locale.

The locale must exist (scripts/test creates it: scripts/deps.sh
ensure_locale, `localedef -i de_DE -f UTF-8 de_DE.UTF-8`). Without it the
test fails, unless INFRACOST_NO_LOCALE_TEST=1 says to skip it.

Run from the repository root:

    INFRACOST_LIBRARY=build/libinfracost.so python3 -m unittest discover -s bindings/python/tests
"""
import glob
import locale
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(PKG))
if os.environ.get("INFRACOST_TEST_INSTALLED") != "1":
    sys.path.insert(0, PKG)

import infra_cost  # noqa: E402

COMMA_LOCALE = "de_DE.UTF-8"
EXAMPLES = sorted(glob.glob(os.path.join(REPO, "examples", "*.json")))
WEBSHOP = os.path.join(REPO, "examples", "webshop.json")
FEEDS = os.path.join(REPO, "tests", "data", "feeds")
USL = os.path.join(REPO, "tests", "data", "usl", "raytracer.csv")

DECIMAL_SPEC = {
    "name": "decimals", "provider": "aws", "region": "us-east-1",
    "services": [{"name": "licence", "type": "custom", "items": [
        {"name": "seat", "quantity": 1, "unit": "month", "unit_price": 1999.5678}]}],
}


def everything(store_dir):
    """What the bindings compute from the examples, a spec with decimals,
    the shipped books, feed files imported into a store and a USL fit."""
    out = {"estimates": [infra_cost.estimate(p).to_dict() for p in EXAMPLES]}
    est = infra_cost.estimate(DECIMAL_SPEC, default_catalog=False)
    out["decimals"] = est.to_dict()
    out["decimals_total"] = est.total
    cat = infra_cost.Catalog()
    out["book_rows"] = len(cat)
    out["a1.2xlarge"] = cat.lookup("aws", "ec2", "us-east-1", "a1.2xlarge")
    cat.close()
    out["simulate"] = infra_cost.simulate(WEBSHOP, samples=1000, seed=3, threads=2)
    out["recommend"] = infra_cost.recommend(WEBSHOP, spot_risk_budget=0.035)
    with infra_cost.Store(os.path.join(store_dir, "prices.db")) as st:
        st.import_file(os.path.join(FEEDS, "aws", "ec2-m5.large-offer.csv"), "aws-csv")
        st.import_file(os.path.join(FEEDS, "azure", "d2s_v3_eastus_all_types.json"), "azure")
        st.import_file(os.path.join(FEEDS, "gcp", "pages", "page1.json"), "gcp")
        # (each row's origin names the store, whose path differs)
        out["store"] = [{k: v for k, v in r.items() if k != "origin"} for r in st.list()]
    out["usl"] = dict(infra_cost.usl_fit(USL))
    return out


class TestCommaLocale(unittest.TestCase):
    def setUp(self):
        self.saved = locale.setlocale(locale.LC_ALL)
        self.addCleanup(locale.setlocale, locale.LC_ALL, self.saved)
        try:
            locale.setlocale(locale.LC_ALL, COMMA_LOCALE)
        except locale.Error:
            if os.environ.get("INFRACOST_NO_LOCALE_TEST") == "1":
                self.skipTest("%s does not exist (INFRACOST_NO_LOCALE_TEST=1)" % COMMA_LOCALE)
            self.fail("locale.setlocale(LC_ALL, %r) failed: create it with 'localedef -i de_DE "
                      "-f UTF-8 de_DE.UTF-8' (scripts/deps.sh), or set "
                      "INFRACOST_NO_LOCALE_TEST=1 to skip" % COMMA_LOCALE)
        locale.setlocale(locale.LC_ALL, "C")

    def test_same_as_in_the_c_locale(self):
        with tempfile.TemporaryDirectory() as c_dir, tempfile.TemporaryDirectory() as de_dir:
            locale.setlocale(locale.LC_ALL, "C")
            in_c = everything(c_dir)
            locale.setlocale(locale.LC_ALL, COMMA_LOCALE)
            self.assertEqual(locale.localeconv()["decimal_point"], ",")
            in_de = everything(de_dir)
        # the bugs: "price: not a number: '0.204'"; 1999.5678 read as 1999
        self.assertEqual(in_de["a1.2xlarge"][0]["price"], 0.204)
        self.assertEqual(in_de["decimals_total"]["monthly"]["expected"], 1999.5678)
        for key in in_c:
            self.assertEqual(in_de[key], in_c[key], key)


if __name__ == "__main__":
    unittest.main()
