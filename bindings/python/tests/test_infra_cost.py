"""Tests of the infra_cost Python bindings (stdlib unittest only).

Run from the repository root:

    INFRACOST_LIBRARY=build/libinfracost.so INFRACOST_CLI=build/infra-cost \\
        python3 -m unittest discover -s bindings/python/tests -v

The package is imported from the source tree (bindings/python) unless
INFRACOST_TEST_INSTALLED=1, which tests the installed copy instead.
$INFRACOST_CLI (default: build/infra-cost) is the CLI the results are
compared with.
"""
import ctypes
import glob
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(PKG))
if os.environ.get("INFRACOST_TEST_INSTALLED") != "1":
    sys.path.insert(0, PKG)

import infra_cost  # noqa: E402

CLI = os.environ.get("INFRACOST_CLI", os.path.join(REPO, "build", "infra-cost"))
EXAMPLES = sorted(glob.glob(os.path.join(REPO, "examples", "*.json")))
WEBSHOP = os.path.join(REPO, "examples", "webshop.json")
STARTER = os.path.join(REPO, "examples", "starter.json")

try:
    import pandas  # noqa: F401

    HAVE_PANDAS = True
except ImportError:
    HAVE_PANDAS = False


def cli_json(*args):
    out = subprocess.run([CLI] + list(args) + ["--format", "json"], check=True,
                         stdout=subprocess.PIPE).stdout
    return json.loads(out)


def st_rows(path):
    with infra_cost.Store(path) as st:
        return st.list()


def rss_pages():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1])


class TestLibrary(unittest.TestCase):
    def test_version(self):
        self.assertTrue(infra_cost.library_version().startswith("0.1."))
        self.assertTrue(os.path.exists(infra_cost.default_data_dir()))
        self.assertTrue(os.path.isfile(infra_cost.default_snapshot()))

    def test_version_mismatch_is_an_import_error(self):
        from infra_cost import _lib

        class Fake:
            _name = "fake.so"

            @staticmethod
            def infracost_version():
                return b"9.4.0"

        with self.assertRaisesRegex(ImportError, r"9\.4\.0.*0\.1"):
            _lib._check_version(Fake())

    @unittest.skipUnless(os.environ.get("INFRACOST_STRUCT_LAYOUT"),
                         "set INFRACOST_STRUCT_LAYOUT to the build's tests/struct_layout")
    def test_ctypes_structs_match_the_headers(self):
        """Every struct mirrored in _lib.py has the size the C compiler gives it."""
        from infra_cost import _lib
        mirror = {
            "infracost_error": _lib.ErrorStruct,
            "infracost_estimate_options": _lib.EstimateOptions,
            "infracost_simulate_options": _lib.SimulateOptions,
            "infracost_recommend_options": _lib.RecommendOptions,
            "infracost_kubernetes_options": _lib.KubernetesOptions,
            "infracost_terraform_plan": _lib.TerraformPlan,
            "infracost_terraform_options": _lib.TerraformOptions,
            "infracost_region_ref": _lib.RegionRef,
            "infracost_erlang": _lib.Erlang,
            "infracost_usl": _lib.Usl,
            "infracost_price": _lib.Price,
            "infracost_source": _lib.Source,
            "infracost_price_filter": _lib.PriceFilter,
            "infracost_fetch_options": _lib.FetchOptions,
            "infracost_fetch_report": _lib.FetchReport,
        }
        out = subprocess.run([os.environ["INFRACOST_STRUCT_LAYOUT"]], check=True,
                             stdout=subprocess.PIPE).stdout.decode()
        sizes, fields = {}, {}
        for line in out.splitlines():
            key, value = line.split()
            if "." in key:
                struct, field = key.split(".")
                fields.setdefault(struct, []).append((field, int(value)))
            else:
                sizes[key] = int(value)
        self.assertEqual(sorted(sizes), sorted(mirror))
        for name, cls in mirror.items():
            self.assertEqual(ctypes.sizeof(cls), sizes[name], name)
            # The same fields, in the same order, at the same offsets.
            mine = [(f[0], getattr(cls, f[0]).offset) for f in cls._fields_]
            self.assertEqual(mine, fields[name], name)

    def test_bad_library_path_is_an_import_error(self):
        env = dict(os.environ, INFRACOST_LIBRARY="/nonexistent/libinfracost.so")
        env["PYTHONPATH"] = PKG + os.pathsep + env.get("PYTHONPATH", "")
        r = subprocess.run([sys.executable, "-c", "import infra_cost"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(b"INFRACOST_LIBRARY", r.stderr)


@unittest.skipUnless(os.access(CLI, os.X_OK), "CLI %s not built (set INFRACOST_CLI)" % CLI)
class TestAgainstCli(unittest.TestCase):
    def test_every_example_equals_cli_json(self):
        self.assertTrue(EXAMPLES)
        for path in EXAMPLES:
            with self.subTest(example=os.path.basename(path)):
                self.assertEqual(infra_cost.estimate(path).to_dict(), cli_json("estimate", path))

    def test_spec_as_string_and_dict(self):
        with open(WEBSHOP) as f:
            text = f.read()
        want = cli_json("estimate", WEBSHOP)
        got_str = infra_cost.estimate(text).to_dict()
        got_dict = infra_cost.estimate(json.loads(text)).to_dict()
        # Only the name may differ (from the file name when the spec has none).
        self.assertEqual(got_str, want)
        self.assertEqual(got_dict, want)

    def test_spec_as_yaml(self):
        # A YAML file and a YAML text go through the library's YAML reader:
        # the same estimate as the JSON spec.
        want = cli_json("estimate", WEBSHOP)
        yaml_path = os.path.join(REPO, "examples", "webshop.yaml")
        with open(yaml_path) as f:
            text = f.read()
        self.assertEqual(infra_cost.estimate(yaml_path).to_dict(), want)
        self.assertEqual(infra_cost.estimate(text).to_dict(), want)
        self.assertEqual(infra_cost.estimate(text.encode("utf-8")).to_dict(), want)
        with self.assertRaises(infra_cost.SpecError) as cm:
            infra_cost.Spec("provider: aws\nservices:\n  - {name: a, type: vm, nope: 1}\n", name="s.yaml")
        self.assertEqual(cm.exception.line, 3)
        self.assertEqual(cm.exception.path, "services[0].nope")

    def test_convert_kubernetes(self):
        # The library's conversion: the same spec as the CLI writes, priced.
        k8s = os.path.join(REPO, "examples", "kubernetes")
        warnings = []
        text = infra_cost.convert_kubernetes(k8s, fargate=True, region="us-east-1",
                                             warnings=warnings)
        self.assertIn("DaemonSets do not run on Fargate", " ".join(warnings))
        want = subprocess.run([CLI, "convert", "kubernetes", k8s, "--fargate", "--region",
                               "us-east-1"], check=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE).stdout.decode()
        self.assertEqual(text, want)
        self.assertIn("shop.api", [s["name"] for s in json.loads(text)["services"]])
        est = infra_cost.estimate(text).to_dict()
        self.assertGreater(est["total"]["monthly"]["expected"], 0)
        nodes = infra_cost.convert_kubernetes([k8s], node_type="m5.large", region="us-east-1",
                                              format="yaml")
        self.assertIn("instance_type: m5.large", nodes)
        with self.assertRaises(ValueError):
            infra_cost.convert_kubernetes(k8s)
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "bad.yaml")
            with open(bad, "w") as f:
                f.write("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\n"
                        "spec: {resources: {requests: {storage: 10GB}}}\n")
            with self.assertRaises(infra_cost.SpecError) as cm:
                infra_cost.convert_kubernetes(bad, fargate=True, region="us-east-1")
            self.assertEqual((cm.exception.line, cm.exception.column), (4, 40))
            self.assertEqual(cm.exception.path, "spec.resources.requests.storage")

    def test_convert_terraform(self):
        # The library's conversion: the same spec as the CLI writes, priced
        # as estimate --terraform prices it, every resource in its inputs.
        plan = os.path.join(REPO, "examples", "terraform", "plan.json")
        usage = os.path.join(REPO, "examples", "terraform", "usage.json")
        warnings = []
        text = infra_cost.convert_terraform(plan, usage=usage, warnings=warnings)
        want = subprocess.run([CLI, "convert", "terraform", plan, "--usage", usage], check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE).stdout.decode()
        self.assertEqual(text, want)
        spec = json.loads(text)
        self.assertEqual(len(spec["inputs"]), 35)
        self.assertEqual(infra_cost.estimate(text).to_dict(),
                         cli_json("estimate", "--terraform", plan, "--usage", usage))
        # environments: "ENV=PATH", (env, path) pairs or a dict; the usage in YAML
        v2 = os.path.join(REPO, "tests", "data", "diff", "plan-v2.json")
        yaml_usage = os.path.join(REPO, "examples", "terraform", "usage.yaml")
        for plans in (["dev=" + plan, "prod=" + v2], [("dev", plan), ("prod", v2)],
                      {"dev": plan, "prod": v2}):
            got = []
            two = infra_cost.convert_terraform(plans, usage=yaml_usage, warnings=got)
            self.assertEqual(list(json.loads(two)["environments"]), ["dev", "prod"])
            self.assertEqual(
                json.loads(two),
                json.loads(subprocess.run([CLI, "convert", "terraform", "dev=" + plan,
                                           "prod=" + v2, "--usage", yaml_usage], check=True,
                                          stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE).stdout.decode()))
        # a plan naming no region: the default region, with a warning
        with tempfile.TemporaryDirectory() as d:
            bare = os.path.join(d, "bare.json")
            with open(bare, "w") as f:
                json.dump({"format_version": "1.2", "resource_changes": [
                    {"address": "aws_instance.a", "mode": "managed", "type": "aws_instance",
                     "name": "a", "change": {"actions": ["create"],
                                             "after": {"instance_type": "t3.micro"}}}]}, f)
            got = []
            bare_spec = json.loads(infra_cost.convert_terraform(bare, default_region="eu-west-1",
                                                                warnings=got))
            self.assertEqual(bare_spec["environments"]["default"]["region"], "eu-west-1")
            self.assertIn("eu-west-1 assumed", " ".join(got))
            # not a plan: SpecError at its place
            with self.assertRaises(infra_cost.SpecError) as cm:
                infra_cost.convert_terraform(WEBSHOP)
            self.assertIn("not a Terraform plan", str(cm.exception))
            self.assertEqual(cm.exception.source, WEBSHOP)
        with self.assertRaises(ValueError):
            infra_cost.convert_terraform([])

    def test_diff(self):
        # infra-cost diff through the library: the CLI's JSON, its golden
        # Markdown for two Terraform plans, an Estimate as a side.
        v2 = os.path.join(REPO, "tests", "data", "diff", "webshop-v2.json")
        self.assertEqual(infra_cost.diff(WEBSHOP, v2), cli_json("diff", WEBSHOP, v2))
        # two places: both sides priced on one catalog holding both
        world = os.path.join(REPO, "examples", "world.json")
        self.assertEqual(infra_cost.diff(STARTER, world), cli_json("diff", STARTER, world))
        plan = os.path.join(REPO, "examples", "terraform", "plan.json")
        plan2 = os.path.join(REPO, "tests", "data", "diff", "plan-v2.json")
        usage = os.path.join(REPO, "examples", "terraform", "usage.json")
        warnings = []
        md = infra_cost.diff(plan, plan2, usage=usage, format="markdown", warnings=warnings)
        with open(os.path.join(REPO, "tests", "data", "diff", "plan.diff.md"),
                  encoding="utf-8") as f:
            self.assertEqual(md, f.read())
        self.assertIn("resources.aws_efs_file_system.shared matches no priced resource",
                      " ".join(warnings))
        # several environments a side: converted specs
        old = infra_cost.convert_terraform({"dev": plan, "prod": plan}, usage=usage)
        new = infra_cost.convert_terraform({"dev": plan, "prod": plan2}, usage=usage)
        d = infra_cost.diff(old, new)
        self.assertEqual([e["name"] for e in d["environments"]], ["prod"])
        # an Estimate against its spec, an estimate file against a Spec
        est = infra_cost.estimate(WEBSHOP)
        self.assertFalse(infra_cost.diff(est, WEBSHOP)["changed"])
        self.assertIn("no cost changes", infra_cost.diff(est, WEBSHOP, format="table"))
        with infra_cost.Spec(v2) as spec:
            got = infra_cost.diff(os.path.join(REPO, "tests", "data", "diff",
                                               "webshop.estimate.json"), spec)
        self.assertEqual(got["total"]["monthly"]["delta"]["expected"], 131.58)
        self.assertTrue(infra_cost.diff(WEBSHOP, v2, format="html").startswith("<!DOCTYPE html>"))
        with self.assertRaises(ValueError):
            infra_cost.diff(WEBSHOP, v2, usage=usage)
        with self.assertRaises(ValueError):
            infra_cost.diff(WEBSHOP, v2, format="csv")

    def test_environments_filter(self):
        self.assertEqual(
            infra_cost.estimate(WEBSHOP, environments=["prod"]).to_dict(),
            cli_json("estimate", WEBSHOP, "--env", "prod"),
        )

    def test_extra_catalog(self):
        with tempfile.TemporaryDirectory() as d:
            book = os.path.join(d, "cheap.csv")
            with infra_cost.Catalog() as cat:
                row = cat.lookup("aws", "rds", "us-east-1", "postgresql:db.t3.micro:single_az")[0]
            with open(book, "w") as f:
                f.write("provider,service,region,sku,purchase,unit,price\n")
                f.write("aws,rds,us-east-1,postgresql:db.t3.micro:single_az,on_demand,%s,0.001\n"
                        % row["unit"])
            got = infra_cost.estimate(STARTER, catalogs=[book]).to_dict()
            self.assertEqual(got, cli_json("estimate", STARTER, "--catalog", book))
            self.assertLess(got["total"]["monthly"]["expected"],
                            infra_cost.estimate(STARTER).total["monthly"]["expected"])

    def test_simulate_matches_cli(self):
        got = infra_cost.simulate(WEBSHOP, samples=500, seed=7, threads=2)
        self.assertEqual(got, cli_json("simulate", WEBSHOP, "--samples", "500", "--seed", "7"))

    def test_recommend_matches_cli(self):
        got = infra_cost.recommend(WEBSHOP)
        self.assertIsInstance(got, list)
        self.assertTrue(got)
        self.assertEqual(got, cli_json("recommend", WEBSHOP))

    def test_capacity_matches_cli(self):
        got = infra_cost.erlang_c(10, 5, 1, quantile=0.9)
        want = cli_json("capacity", "erlang", "--servers", "10", "--arrival-rate", "5",
                        "--service-rate", "1", "--quantile", "0.9")
        for k, v in want.items():
            self.assertAlmostEqual(got[k], v, places=9, msg=k)
        got = infra_cost.size_for_latency(100, 2, 0.95, 0.2)
        want = cli_json("capacity", "size", "--arrival-rate", "100", "--service-rate", "2",
                        "--quantile", "0.95", "--max-wait", "0.2")
        self.assertEqual(got["servers"], want["servers"])
        for k, v in want.items():
            self.assertAlmostEqual(got[k], v, places=9, msg=k)


class TestEstimate(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.est = infra_cost.estimate(WEBSHOP)

    def test_accessors(self):
        d = self.est.to_dict()
        self.assertEqual(self.est.total, d["total"])
        self.assertEqual([e["name"] for e in self.est.environments], ["dev", "staging", "prod"])
        self.assertEqual(self.est.environment("prod"), d["environments"][2])
        with self.assertRaises(KeyError):
            self.est.environment("nope")
        # to_dict() is a copy
        d["total"] = None
        self.assertIsNotNone(self.est.to_dict()["total"])

    def test_line_items(self):
        items = self.est.line_items()
        self.assertTrue(items)
        for it in items:
            self.assertIn("environment", it)
            self.assertIn("service", it)
            self.assertIn("monthly", it)
        for env in self.est.environments:
            total = sum(i["monthly"] for i in items if i["environment"] == env["name"])
            self.assertAlmostEqual(total, env["monthly"]["expected"], places=6)
        svc_names = {s["name"] for e in self.est.environments for s in e["services"]}
        self.assertTrue({i["service"] for i in items} <= svc_names)

    @unittest.skipUnless(HAVE_PANDAS, "pandas not installed")
    def test_dataframe(self):
        df = self.est.to_dataframe()
        self.assertEqual(len(df), len(self.est.line_items()))
        by_env = df.groupby("environment")["monthly"].sum()
        self.assertAlmostEqual(by_env["prod"], self.est.environment("prod")["monthly"]["expected"])
        self.assertEqual(len(self.est.to_dataframe("environments")), 3)
        self.assertTrue(len(self.est.to_dataframe("services")) > 0)

    @unittest.skipIf(HAVE_PANDAS, "pandas is installed")
    def test_dataframe_without_pandas(self):
        with self.assertRaisesRegex(ImportError, "pandas"):
            self.est.to_dataframe()

    def test_shared_catalog_and_threads(self):
        want = self.est.to_dict()
        results, errors = [], []
        with infra_cost.Catalog() as cat, infra_cost.Spec(WEBSHOP) as spec:
            def work():
                try:
                    for _ in range(20):
                        results.append(infra_cost.estimate(spec, catalog=cat).to_dict())
                except Exception as e:  # pragma: no cover
                    errors.append(e)

            threads = [threading.Thread(target=work) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 80)
        self.assertTrue(all(r == want for r in results))

    def test_closed_handles(self):
        cat = infra_cost.Catalog()
        cat.close()
        cat.close()  # idempotent
        with self.assertRaises(ValueError):
            infra_cost.estimate(WEBSHOP, catalog=cat)

    def test_catalog(self):
        with infra_cost.Catalog(default=False) as cat:
            self.assertEqual(len(cat), 0)
            cat.load_buffer("provider,service,region,sku,purchase,unit,price\n"
                            "aws,ec2,us-east-1,x1.tiny,on_demand,hour,0.5\n", name="mine.csv")
            self.assertEqual(len(cat), 1)
            rows = cat.lookup("aws", "ec2", "us-east-1", "x1.tiny")
            self.assertEqual(rows[0]["price"], 0.5)
            self.assertEqual(rows[0]["origin"], "mine.csv:2")
            self.assertEqual(cat.rows(), rows)

    def test_catalog_for_spec(self):
        # Only what the spec needs of the shipped snapshot: the compiled one
        # attached, its rows read as the estimate looks them up (from the books
        # of its places), pricing it as the whole snapshot does.
        with infra_cost.Spec(WEBSHOP) as spec, infra_cost.Catalog(spec=spec) as cat, \
                infra_cost.Catalog() as whole:
            self.assertEqual(len(cat), 0)
            self.assertEqual(infra_cost.estimate(spec, catalog=cat).to_dict(),
                             infra_cost.estimate(spec, catalog=whole).to_dict())
            books = {os.path.basename(r["origin"]).split(":")[0] for r in cat.rows()}
            self.assertEqual(books, {"aws-us-east-1.csv", "aws-eu-west-1.csv", "aws-global.csv"})
            self.assertLess(len(cat), 200)
            self.assertLess(len(cat), len(whole))
            # estimate() without catalog= builds the same catalog for its spec
            self.assertEqual(infra_cost.estimate(WEBSHOP).to_dict(),
                             infra_cost.estimate(spec, catalog=whole).to_dict())
        with infra_cost.Catalog(default=False) as cat:
            cat.load_default(STARTER)  # a path is loaded as a Spec
            infra_cost.estimate(STARTER, catalog=cat)
            self.assertGreater(len(cat), 0)
        # a mistyped region still gets the closest keys of its provider
        with open(STARTER) as f:
            typo = json.load(f)
        typo["region"] = "us-east1"
        with self.assertRaises(infra_cost.PriceNotFound) as cm:
            infra_cost.estimate(typo)
        self.assertIn("closest: aws/", str(cm.exception))
        self.assertIn("/us-east-1/", str(cm.exception))


class TestErrors(unittest.TestCase):
    def test_hierarchy(self):
        for cls in (infra_cost.SpecError, infra_cost.PriceNotFound, infra_cost.FetchError,
                    infra_cost.StoreError, infra_cost.CatalogError, infra_cost.InvalidArgument,
                    infra_cost.NumericError):
            self.assertTrue(issubclass(cls, infra_cost.Error))

    def test_malformed_spec_file(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "bad.json")
            with open(path, "w") as f:
                f.write('{\n  "name": "bad",\n  "services": [ oops ]\n}\n')
            with self.assertRaises(infra_cost.SpecError) as cm:
                infra_cost.estimate(path)
        e = cm.exception
        self.assertEqual(e.code, -4)  # INFRACOST_EPARSE
        self.assertEqual(e.source, path)
        self.assertEqual(e.line, 3)
        self.assertGreater(e.column, 0)
        self.assertIn("bad.json:3", e.message)

    def test_invalid_spec_value(self):
        with open(STARTER) as f:
            spec = json.load(f)
        spec["services"][0]["replicas"] = -3
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "invalid.json")
            with open(path, "w") as f:
                json.dump(spec, f, indent=2)
            with self.assertRaises(infra_cost.SpecError) as cm:
                infra_cost.estimate(path)
        e = cm.exception
        self.assertEqual(e.code, -3)  # INFRACOST_EINVALID
        self.assertEqual(e.source, path)
        self.assertGreater(e.line, 1)
        self.assertEqual(e.path, "services[0].replicas")

    def test_missing_spec_file(self):
        with self.assertRaises(infra_cost.SpecError) as cm:
            infra_cost.estimate("/nonexistent/spec.json")
        self.assertEqual(cm.exception.code, -6)  # INFRACOST_EIO

    def test_price_not_found(self):
        with self.assertRaises(infra_cost.PriceNotFound) as cm:
            infra_cost.estimate(WEBSHOP, default_catalog=False)
        e = cm.exception
        self.assertEqual(e.code, -5)  # INFRACOST_ENOTFOUND
        self.assertEqual(e.code_name, "INFRACOST_ENOTFOUND")
        self.assertEqual(e.source, WEBSHOP)
        self.assertGreater(e.line, 0)
        self.assertIn("price not found", e.message)
        self.assertIsInstance(e, LookupError)

    def test_every_missing_price(self):
        # A spec moved to a region with some rows: one exception, the first
        # missing key as its message, every missing key in `errors`.
        with tempfile.TemporaryDirectory() as d:
            book = os.path.join(d, "partial.csv")
            with open(book, "w") as f:
                f.write("provider,service,region,sku,purchase,unit,price\n"
                        "aws,ebs,r1,gp3,on_demand,gb_month,0.08\n"
                        "aws,rds,r2,postgresql:db.s:single_az,on_demand,hour,0.02\n"
                        "aws,rds,r1,postgresql:storage:gp3:single_az,on_demand,gb_month,0.1\n")
            spec = ('{ "provider": "aws", "region": "r2", "services": [\n'
                    ' { "name": "db", "type": "database", "engine": "postgresql",\n'
                    '   "instance_type": "db.s", "storage_gb": 5, "storage_type": "gp3" },\n'
                    ' { "name": "n", "type": "nat_gateway" } ] }\n')
            with self.assertRaises(infra_cost.PriceNotFound) as cm:
                infra_cost.estimate(spec, catalogs=[book], default_catalog=False)
        e = cm.exception
        self.assertEqual([x.path for x in e.errors], ["services[0].storage_type", "region"])
        self.assertIs(e.errors[0], e)
        self.assertEqual(str(e), e.message)
        self.assertEqual((e.line, e.column), (3, 62))
        self.assertIn("aws/nat/r2/gateway/on_demand/hour", e.errors[1].message)
        self.assertIn("nor in any other region", e.errors[1].message)
        self.assertTrue(all(isinstance(x, infra_cost.PriceNotFound) for x in e.errors))
        # a failure with one error lists only itself
        with self.assertRaises(infra_cost.SpecError) as cm:
            infra_cost.estimate('{ "services": 3 }')
        self.assertEqual(cm.exception.errors, [cm.exception])

    def test_recommend_spot_budget_and_offered(self):
        prod = {(a["service"]): a for a in infra_cost.recommend(WEBSHOP, environments=["prod"])}
        self.assertEqual(prod["worker"]["recommended"]["spot"], 0.4)
        self.assertIs(prod["db"]["reserved_offered"], False)  # no reserved rows: not compared
        self.assertIs(prod["search"]["reserved_offered"], True)
        self.assertIsNone(prod["api"]["reserved_offered"])
        kept = {(a["service"]): a for a in infra_cost.recommend(WEBSHOP, environments=["prod"],
                                                              keep_spot=True)}
        self.assertEqual(kept["worker"]["recommended"]["spot"], 1.0)

    def test_lookup_not_found(self):
        with infra_cost.Catalog() as cat:
            with self.assertRaises(infra_cost.PriceNotFound) as cm:
                cat.lookup("aws", "ec2", "us-east-1", "m5.largest")
        self.assertIn("m5.large", cm.exception.message)  # names the closest keys

    def test_bad_price_book(self):
        with tempfile.TemporaryDirectory() as d:
            book = os.path.join(d, "bad.csv")
            with open(book, "w") as f:
                f.write("provider,service,region,sku,purchase,unit,price\n"
                        "aws,ec2,us-east-1,m5.large,on_demand,hour,not-a-number\n")
            with self.assertRaises(infra_cost.CatalogError) as cm:
                infra_cost.estimate(WEBSHOP, catalogs=[book])
        self.assertEqual(cm.exception.source, book)
        self.assertEqual(cm.exception.line, 2)

    def test_store_error(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "not-a-db")
            with open(path, "wb") as f:
                f.write(b"this is not a SQLite database" * 100)
            with self.assertRaises(infra_cost.StoreError):
                infra_cost.estimate(WEBSHOP, store=path)

    def test_fetch_error(self):
        with tempfile.TemporaryDirectory() as d:
            feed = os.path.join(d, "feed.json")
            with open(feed, "w") as f:
                f.write("[ this is not a feed")
            with infra_cost.Store(os.path.join(d, "prices.db")) as st:
                with self.assertRaises(infra_cost.FetchError):
                    st.import_file(feed, "aws-json")
                self.assertEqual(st.sources(), [])
                # unreachable endpoint: a network failure
                with self.assertRaises(infra_cost.FetchError):
                    st.fetch("aws", endpoint="http://127.0.0.1:9", regions=["us-east-1"],
                             max_retries=0, timeout_s=2)

    def test_store_round_trip(self):
        """A real AWS CSV excerpt imported, listed, and priced with through the store."""
        feed = os.path.join(REPO, "tests", "data", "feeds", "aws", "ec2-m5.large-offer.csv")
        with tempfile.TemporaryDirectory() as d:
            db = os.path.join(d, "prices.db")
            with infra_cost.Store(db) as st:
                rep = st.import_file(feed, "aws-csv")
                self.assertEqual((rep["sources_updated"], rep["rows"]), (1, 7))
                (src,) = st.sources()
                self.assertEqual((src["service"], src["region"], src["format"], src["rows"],
                                  src["current"]), ("AmazonEC2", "us-east-1", "aws-csv", 7, True))
                rows = st.list(sku="m5.large")
                self.assertEqual(len(rows), 7)
                (od,) = [r for r in rows if r["purchase"] == "on_demand"]
                self.assertEqual((od["price"], od["vcpu"], od["memory_gb"]), (0.096, 2.0, 8.0))
                self.assertEqual(od["source"], "aws AmazonEC2 v20210205204500")
            # the store's rows win over the snapshot's for the same key
            est = infra_cost.estimate(WEBSHOP, store=db)
            items = [i for i in est.line_items() if i["sku"] == "m5.large"]
            self.assertTrue(items)
            self.assertTrue(all(i["source"] == "aws AmazonEC2 v20210205204500" for i in items))
            if os.access(CLI, os.X_OK):
                cli = cli_json("pricing", "list", "--store", db)
                keys = ("provider", "service", "region", "sku", "purchase", "unit", "price",
                        "upfront", "effective_date", "source")
                self.assertEqual([tuple(r[k] for k in keys) for r in st_rows(db)],
                                 [tuple(r[k] for k in keys) for r in cli])

    def test_capacity_errors(self):
        with self.assertRaises(infra_cost.InvalidArgument) as cm:
            infra_cost.erlang_c(1, 5, 1)
        self.assertIn("at least 6 servers", cm.exception.message)
        self.assertIsInstance(cm.exception, ValueError)
        with self.assertRaises(infra_cost.InvalidArgument):
            infra_cost.usl_fit([(1, 1), (2, 2)])


class TestSimulateRecommendCapacity(unittest.TestCase):
    def test_simulate_deterministic(self):
        a = infra_cost.simulate(WEBSHOP, samples=2000, seed=42, threads=1)
        b = infra_cost.simulate(WEBSHOP, samples=2000, seed=42, threads=4)
        c = infra_cost.simulate(WEBSHOP, samples=2000, seed=43, threads=1)
        self.assertEqual(a, b)
        self.assertNotEqual(a["total"], c["total"])
        self.assertEqual(a["samples"], 2000)
        t = a["total"]
        self.assertLessEqual(t["min"], t["p50"])
        self.assertLessEqual(t["p50"], t["p90"])
        self.assertLessEqual(t["p90"], t["p99"])
        self.assertLessEqual(t["p99"], t["max"])
        self.assertEqual(set(a["environments"]), {"dev", "staging", "prod"})

    def test_recommend_list(self):
        rec = infra_cost.recommend(WEBSHOP, environments=["prod"])
        self.assertIsInstance(rec, list)
        self.assertTrue(rec)
        for r in rec:
            self.assertEqual(r["environment"], "prod")
            self.assertIn("recommended", r)

    def test_usl_fit_points_and_file(self):
        pts = [(1, 100), (2, 190), (4, 340), (8, 520), (16, 600), (32, 550)]
        m = infra_cost.usl_fit(pts)
        self.assertEqual(m["points"], 6)
        self.assertGreater(m["peak_load"], 8)
        self.assertAlmostEqual(m.throughput(1), m["gamma"])
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "load.csv")
            with open(path, "w") as f:
                f.write("load,throughput\n")
                f.writelines("%s,%s\n" % p for p in pts)
            self.assertEqual(infra_cost.usl_fit(path), m)
        self.assertEqual(infra_cost.usl_fit(dict(pts)), m)

    def test_size_for_latency(self):
        r = infra_cost.size_for_latency(100, 2, 0.95, 0.2)
        self.assertLessEqual(r["wait_quantile"], 0.2)
        fewer = infra_cost.erlang_c(r["servers"] - 1, 100, 2, 0.95)
        self.assertGreater(fewer["wait_quantile"], 0.2)


class TestCloseWhileComputing(unittest.TestCase):
    """close() on one thread while another computes with the handle: it waits
    for the computation (which gives the right answer) and never frees under it;
    a computation that starts after close() began gets a clear ValueError."""

    SAMPLES = 60000  # about half a second of simulate
    LOOPS = 4

    @classmethod
    def setUpClass(cls):
        cls.want = infra_cost.simulate(WEBSHOP, samples=cls.SAMPLES, seed=7)["total"]["mean"]

    def race(self, victim_name):
        for _ in range(self.LOOPS):
            cat, spec = infra_cost.Catalog(), infra_cost.Spec(WEBSHOP)
            victim = cat if victim_name == "catalog" else spec
            result, started = {}, threading.Event()

            def run():
                started.set()
                try:
                    result["mean"] = infra_cost.simulate(spec, catalog=cat, samples=self.SAMPLES,
                                                         seed=7)["total"]["mean"]
                except Exception as e:
                    result["error"] = e

            t = threading.Thread(target=run)
            t.start()
            started.wait()
            time.sleep(0.05)  # the simulation is under way
            victim.close()
            self.assertTrue(victim.closed)
            # memory freed under the simulation would now be reused
            scratch = [infra_cost.Catalog(), infra_cost.Spec(WEBSHOP)]
            t.join()
            for h in scratch:
                h.close()
            if "error" in result:  # closed before the simulation began: a clear error
                self.assertIsInstance(result["error"], ValueError)
                self.assertIn("is closed", str(result["error"]))
            else:
                self.assertEqual(result["mean"], self.want)
            with self.assertRaisesRegex(ValueError, "is closed"):
                infra_cost.simulate(spec, catalog=cat, samples=10)
            cat.close()
            spec.close()

    def test_spec_close_during_simulate(self):
        self.race("spec")

    def test_catalog_close_during_simulate(self):
        self.race("catalog")

    def test_close_waits_for_every_thread(self):
        with infra_cost.Catalog() as cat:
            spec = infra_cost.Spec(WEBSHOP)
            results, errors = [], []

            def work():
                try:
                    for _ in range(3):
                        results.append(infra_cost.recommend(spec, catalog=cat))
                except ValueError as e:
                    errors.append(e)

            threads = [threading.Thread(target=work) for _ in range(3)]
            for t in threads:
                t.start()
            time.sleep(0.01)
            spec.close()
            for t in threads:
                t.join()
            want = infra_cost.recommend(WEBSHOP, catalog=cat)
            self.assertTrue(all(r == want for r in results))
            self.assertTrue(all("is closed" in str(e) for e in errors))

    def test_close_timeout_and_reentry(self):
        spec = infra_cost.Spec(WEBSHOP)
        release = threading.Event()
        holding = threading.Event()

        def hold():
            with spec._use():
                holding.set()
                release.wait()

        t = threading.Thread(target=hold)
        t.start()
        holding.wait()
        with self.assertRaisesRegex(TimeoutError, "still in use"):
            spec.close(timeout=0.05)
        self.assertFalse(spec.closed)  # still open and usable
        self.assertEqual(infra_cost.estimate(spec).name, "webshop")
        release.set()
        t.join()
        with spec._use():  # a close from inside a use on the same thread would wait forever
            with self.assertRaisesRegex(RuntimeError, "while this thread is using it"):
                spec.close()
        spec.close()
        self.assertTrue(spec.closed)


class TestMemory(unittest.TestCase):
    def test_no_growth_over_many_estimates(self):
        n = int(os.environ.get("INFRACOST_TEST_LOOPS", "10000"))
        with open(STARTER) as f:
            spec = json.load(f)

        def run(count):
            with infra_cost.Catalog() as cat:
                for i in range(count):
                    infra_cost.estimate(spec, catalog=cat).to_dict()
                    if i % 100 == 0:  # the full path: catalog built and freed per call
                        infra_cost.estimate(STARTER)
            for i in range(count // 20):  # error paths free what they made
                try:
                    infra_cost.estimate(STARTER, default_catalog=False)
                except infra_cost.PriceNotFound:
                    pass

        run(200)  # warm up allocator and caches
        before = rss_pages()
        run(n)
        after = rss_pages()
        page_kb = os.sysconf("SC_PAGE_SIZE") // 1024
        growth_kb = (after - before) * page_kb
        self.assertLess(growth_kb, 2048, "RSS grew by %d KiB over %d estimates" % (growth_kb, n))


if __name__ == "__main__":
    unittest.main()
