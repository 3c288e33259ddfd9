#!/usr/bin/env python3
"""snapshot_check.py SNAPSHOT.db BOOKS_DIR - the compiled snapshot holds exactly
the rows of the shipped books, read here with Python's csv and sqlite3 (not the
library's parsers): every row of every book, with its book and line, every field;
and each book named PROVIDER-REGION.csv holds only rows of that provider and
region (PROVIDER-global.csv: region "global"), which the CSV loading of a
spec's books relies on. Exits 1 naming the first differences."""
import csv
import math
import os
import sqlite3
import sys


def num(text, default):
    text = text.strip()
    return float(text) if text else default


def book_rows(path):
    """(line, row dict) of a book: '#' lines are comments; the header maps columns."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        lines = f.read().split("\n")
    header, out = None, []
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = next(csv.reader([line]))
        if header is None:
            header = [h.strip() for h in fields]
            continue
        out.append((no, dict(zip(header, fields))))
    return out


def main():
    db, books_dir = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    ids = {name: i for i, name in con.execute("SELECT id, name FROM books")}
    names = sorted(n for n in os.listdir(books_dir) if n.endswith(".csv") and not n.startswith("."))
    problems, total = [], 0
    if sorted(ids) != names:
        problems.append(f"books: snapshot {sorted(ids)[:5]}..., directory {names[:5]}...")
    for name in names:
        want = {}
        for line, r in book_rows(os.path.join(books_dir, name)):
            want[line] = r
        have = {}
        for row in con.execute(
                "SELECT p.line, p.provider, p.service, p.region, p.sku, p.purchase, p.unit, "
                "p.tier_start, p.price, p.upfront, p.effective, p.vcpu, p.memory_gb, p.arch, "
                "p.effective_date, s.text FROM prices p JOIN sources s ON s.id = p.source "
                "WHERE p.book = ?", (ids.get(name, -1),)):
            have[row[0]] = row[1:]
        if sorted(want) != sorted(have):
            problems.append(f"{name}: {len(want)} rows in the book, {len(have)} in the snapshot")
            continue
        prov, _, region = name[:-4].partition("-")
        for line, r in want.items():
            total += 1
            h = have[line]
            eff = r.get("effective", "").strip().lower() in ("1", "true")
            upfront = num(r.get("upfront", ""), 0.0)
            expected = (r["provider"].strip(), r["service"].strip(), r["region"].strip(),
                        r["sku"].strip(), r["purchase"].strip(), r["unit"].strip(),
                        num(r.get("tier_start", ""), 0.0), num(r["price"], None),
                        upfront, int(eff and upfront == 0 and "no_upfront" not in r["purchase"]),
                        num(r.get("vcpu", ""), None), num(r.get("memory_gb", ""), None),
                        r.get("arch", "").strip(), r.get("effective_date", "").strip(),
                        r.get("source", "").strip())
            got = tuple(h)
            same = all((a == b) or (isinstance(a, float) and isinstance(b, float)
                                    and math.isclose(a, b, rel_tol=0, abs_tol=0))
                       for a, b in zip(expected, got))
            if not same and len(problems) < 20:
                problems.append(f"{name}:{line}: book {expected}, snapshot {got}")
            if r["provider"].strip() != prov or r["region"].strip() != region:
                if len(problems) < 20:
                    problems.append(f"{name}:{line}: a row of {r['provider']}/{r['region']}")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"snapshot: {total} rows of {len(names)} books the same as the books")
    return 0


if __name__ == "__main__":
    sys.exit(main())
