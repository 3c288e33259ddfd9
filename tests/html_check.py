#!/usr/bin/env python3
"""html_check.py - the HTML reports of estimate, simulate and diff, opened in a
real browser (headless Chromium, Debian's `chromium`).

For each report the test writes a copy with a probe script at the top of
<head> (it records uncaught errors, console.error/warn calls and
Content-Security-Policy violations into the DOM), loads it with
`chromium --headless --dump-dom`, and fails on:
  - any recorded error, and any console message Chromium logs (stderr);
  - a chart without exactly one bar group per environment (the estimate's
    JSON, or both sides of a diff, say how many);
  - a line-item table without exactly one row per line item (per changed
    line item for a diff);
  - an Inputs table without exactly one row per input of the estimate's
    JSON, in its order (the estimate of examples/terraform/plan.json);
  - a sortable column that does not sort (a click on a heading, checked
    ascending, then descending);
  - markup injected by a name (a service named with HTML in it).
Each page is also printed to PDF (the print style sheet) and, with
--screenshots DIR, saved as DIR/html-KIND.png.

usage: html_check.py INFRA_COST SOURCE_DIR [--screenshots DIR]
Exit 77 (skipped) when no Chromium is installed.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROBE = r"""<script>
(function () {
  var log = [];
  window.__probe = log;
  window.addEventListener('error', function (e) { log.push('uncaught: ' + e.message); });
  window.addEventListener('securitypolicyviolation', function (e) {
    log.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI);
  });
  ['error', 'warn'].forEach(function (k) {
    var orig = console[k];
    console[k] = function () {
      log.push('console.' + k + ': ' + Array.prototype.join.call(arguments, ' '));
      return orig.apply(console, arguments);
    };
  });
  function column(table, i) {
    return Array.prototype.map.call(table.tBodies[0].rows, function (r) {
      return parseFloat(r.cells[i].getAttribute('data-value'));
    }).filter(function (v) { return !isNaN(v); });
  }
  function sorted(v, dir) {
    for (var k = 1; k < v.length; k++) if (dir * (v[k] - v[k - 1]) < 0) return false;
    return true;
  }
  window.addEventListener('load', function () {
    setTimeout(function () {
      var out = { errors: log };
      try {
        out.groups = Array.prototype.map.call(
          document.querySelectorAll('svg.chart g.bar-group'),
          function (g) { return g.getAttribute('data-env'); });
        out.bars = document.querySelectorAll('svg.chart g.bar').length;
        out.segments = document.querySelectorAll('svg.chart rect.seg').length;
        var t = document.getElementById('line-items');
        out.rows = t ? t.tBodies[0].rows.length : -1;
        out.item_rows = document.querySelectorAll('#line-items tbody tr.item').length;
        var inputs = document.getElementById('inputs');
        out.inputs = inputs ? inputs.tBodies[0].rows.length : 0;
        out.input_rows = document.querySelectorAll('#inputs tbody tr.input').length;
        out.input_cells = Array.prototype.map.call(
          document.querySelectorAll('#inputs tbody tr.input'),
          function (r) { return r.cells[1].textContent + ' ' + r.cells[3].textContent; });
        out.title = document.title;
        out.scripts = document.scripts.length;
        out.injected = document.querySelectorAll('[data-injected], #injected').length;
        out.external = document.querySelectorAll(
          'link[href], script[src], img[src], iframe, object, embed').length;
        // sort by the first numeric column whose values differ
        var ths = t ? t.tHead.rows[0].cells : [];
        for (var i = 0; i < ths.length; i++) {
          if (ths[i].getAttribute('data-type') !== 'num') continue;
          var before = column(t, i);
          if (before.length < 2 || sorted(before, 1) && sorted(before, -1)) continue;
          ths[i].click();
          var asc = column(t, i);
          ths[i].click();
          var desc = column(t, i);
          out.sorted = { column: ths[i].textContent, ascending: sorted(asc, 1),
                         descending: sorted(desc, -1),
                         aria: ths[i].getAttribute('aria-sort'),
                         rows: t.tBodies[0].rows.length };
          break;
        }
      } catch (e) {
        log.push('probe: ' + e);
      }
      var pre = document.createElement('pre');
      pre.id = '__probe_result';
      pre.textContent = JSON.stringify(out);
      document.body.appendChild(pre);
    }, 0);
  });
})();
</script>
"""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-extensions",
                  "--disable-sync", "--hide-scrollbars", "--mute-audio"]


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def browser(chrome, profile, args, timeout=120):
    return run([chrome] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + args, timeout=timeout)


def console_lines(stderr):
    """Console messages Chromium logged (`...:CONSOLE(12)] "text", source: ...`)."""
    return [l for l in stderr.splitlines() if ":CONSOLE(" in l or "Uncaught" in l]


class Failure(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


def probe_page(chrome, profile, page, workdir):
    """Load an instrumented copy of page; the probe's findings."""
    with open(page, encoding="utf-8") as f:
        text = f.read()
    check("<head>" in text, page + ": no <head>")
    probed = os.path.join(workdir, "probed-" + os.path.basename(page))
    with open(probed, "w", encoding="utf-8") as f:
        f.write(text.replace("<head>", "<head>\n" + PROBE, 1))
    res = browser(chrome, profile, ["--enable-logging=stderr", "--v=0",
                                    "--virtual-time-budget=10000", "--dump-dom",
                                    "file://" + probed])
    check(res.returncode == 0, "chromium failed (%d): %s" % (res.returncode, res.stderr[-2000:]))
    m = re.search(r'<pre id="__probe_result">(.*?)</pre>', res.stdout, re.S)
    check(m is not None, page + ": the probe did not report (the page's load never finished?)")
    found = json.loads(html.unescape(m.group(1)))
    found["console"] = console_lines(res.stderr)
    return found


def expect_page(kind, found, envs, rows, inputs=()):
    check(not found["errors"], "%s: errors in the browser: %s" % (kind, found["errors"]))
    check(not found["console"], "%s: console messages: %s" % (kind, found["console"]))
    check(found["groups"] == envs, "%s: bar groups %s, expected one per environment %s"
          % (kind, found["groups"], envs))
    check(found["segments"] > 0, "%s: no bar segment" % kind)
    check(found["rows"] == rows and found["item_rows"] == rows,
          "%s: %d line-item rows (%d of class item), expected %d"
          % (kind, found["rows"], found["item_rows"], rows))
    want = ["%s %s" % (i["address"], i["status"]) for i in inputs]
    check(found["inputs"] == len(want) and found["input_rows"] == len(want)
          and found["input_cells"] == want,
          "%s: %d input rows (%d of class input), expected one per input (%d): %s"
          % (kind, found["inputs"], found["input_rows"], len(want), found["input_cells"][:5]))
    check(found["external"] == 0, "%s: %d external resources" % (kind, found["external"]))
    check(found["injected"] == 0, "%s: a name injected markup" % kind)
    s = found.get("sorted")
    if rows < 2:
        return
    check(s is not None, "%s: no numeric column to sort" % kind)
    check(s["ascending"] and s["descending"] and s["aria"] == "descending"
          and s["rows"] == rows, "%s: sorting by %r failed: %s" % (kind, s["column"], s))


def main():
    args = sys.argv[1:]
    shots = None
    if "--screenshots" in args:
        i = args.index("--screenshots")
        shots = os.path.abspath(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    cli, src = os.path.abspath(args[0]), os.path.abspath(args[1])
    chrome = chromium()
    if not chrome:
        print("html_check: skipped: no chromium (scripts/deps.sh installs it)", file=sys.stderr)
        return 77
    env = dict(os.environ)
    env.setdefault("INFRA_COST_DATA", os.path.join(src, "pricing-data"))
    webshop = os.path.join(src, "examples", "webshop.json")
    v2 = os.path.join(src, "tests", "data", "diff", "webshop-v2.json")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="infracost-html-") as work:
        profile = os.path.join(work, "profile")

        def ic(*a):
            res = run([cli] + list(a), env=env)
            if res.returncode != 0:
                raise Failure("infra-cost %s: status %d: %s" % (" ".join(a), res.returncode,
                                                               res.stderr))
            return res.stdout

        def estimate_json(spec):
            return json.loads(ic("estimate", spec, "--format", "json"))

        def item_count(est):
            return sum(len(s["line_items"]) for e in est["environments"] for s in e["services"])

        # A hostile name: markup in a service and an environment name must
        # come out as text.
        hostile = os.path.join(work, "hostile.json")
        with open(hostile, "w") as f:
            json.dump({"name": "<img src=x id=injected onerror=alert(1)>",
                       "provider": "aws", "region": "us-east-1",
                       "environments": {"dev</title><b data-injected=1>": {}},
                       "services": [{"name": "<script>console.error('pwned')</script>",
                                     "type": "custom", "items": [
                                         {"name": "a\"'&<x>", "quantity": 2, "unit": "month",
                                          "unit_price": 10}]}],
                       "inputs": [{"address": "<img src=x id=injected>", "status": "free",
                                   "kind": "<b data-injected=1>",
                                   "note": "</table><script>console.error(1)</script>"}]},
                      f)

        # A Terraform plan: every resource of it listed in the page's Inputs
        # table, one row each (issue 12: listed in every output format).
        plan = ["--terraform", os.path.join(src, "examples", "terraform", "plan.json"),
                "--usage", os.path.join(src, "examples", "terraform", "usage.json")]

        pages = []
        for kind, spec in (("estimate", [webshop]), ("estimate-hostile", [hostile]),
                           ("estimate-terraform", plan)):
            est = json.loads(ic("estimate", *spec, "--format", "json"))
            out = os.path.join(work, kind + ".html")
            ic("estimate", *spec, "--format", "html", "-o", out)
            check(kind != "estimate-terraform" or len(est.get("inputs", [])) > 10,
                  "the plan's estimate has no inputs")
            pages.append((kind, out, [e["name"] for e in est["environments"]], item_count(est),
                          est.get("inputs", [])))
        est = estimate_json(webshop)
        out = os.path.join(work, "simulate.html")
        ic("simulate", webshop, "--samples", "2000", "--format", "html", "-o", out)
        pages.append(("simulate", out, [e["name"] for e in est["environments"]], item_count(est),
                      []))
        d = json.loads(ic("diff", webshop, v2, "--format", "json"))
        out = os.path.join(work, "diff.html")
        ic("diff", webshop, v2, "--format", "html", "-o", out)
        names = [e["name"] for e in estimate_json(v2)["environments"]]
        names += [e["name"] for e in est["environments"] if e["name"] not in names]
        changed = sum(len(s["line_items"]) for e in d["environments"] for s in e["services"])
        pages.append(("diff", out, names, changed, []))
        # two Terraform plans given to diff directly
        plans = [plan[1], os.path.join(src, "tests", "data", "diff", "plan-v2.json"),
                 "--usage", plan[3]]
        d = json.loads(ic("diff", *plans, "--format", "json"))
        out = os.path.join(work, "diff-terraform.html")
        ic("diff", *plans, "--format", "html", "-o", out)
        changed = sum(len(s["line_items"]) for e in d["environments"] for s in e["services"])
        check(changed == 7, "the plans' diff has %d changed lines, not 7" % changed)
        pages.append(("diff-terraform", out, ["default"], changed, []))

        for kind, page, envs, rows, inputs in pages:
            try:
                found = probe_page(chrome, profile, page, work)
                expect_page(kind, found, envs, rows, inputs)
                if kind == "estimate-hostile":
                    check(found["title"].startswith("<img src=x id=injected"),
                          "hostile: the title is not the name as text: %r" % found["title"])
                    check(found["scripts"] == 2, "hostile: %d scripts (probe and report "
                          "expected)" % found["scripts"])
                pdf = os.path.join(work, kind + ".pdf")
                res = browser(chrome, profile, ["--no-pdf-header-footer",
                                                "--print-to-pdf=" + pdf, "file://" + page])
                check(res.returncode == 0 and os.path.getsize(pdf) > 1000,
                      "%s: printing to PDF failed: %s" % (kind, res.stderr[-1000:]))
                if shots and not kind.endswith("hostile"):
                    png = os.path.join(shots, "html-%s.png" % kind)
                    res = browser(chrome, profile, ["--window-size=1280,1500",
                                                    "--screenshot=" + png, "file://" + page])
                    check(res.returncode == 0 and os.path.exists(png),
                          "%s: screenshot failed" % kind)
                print("ok   %-18s %d bar groups, %d rows, %d inputs, sorted by %s, printed" % (
                    kind, len(found["groups"]), found["rows"], found["inputs"],
                    (found.get("sorted") or {}).get("column", "-")))
            except Failure as e:
                failures += 1
                print("FAIL %s: %s" % (kind, e))
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print("FAIL: %s" % e)
        sys.exit(1)
