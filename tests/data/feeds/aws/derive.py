#!/usr/bin/env python3
"""Rebuild the derived fixtures of this folder from the copied real ones
(see README.md). Standard library only; run from anywhere:

    python3 tests/data/feeds/aws/derive.py

1. ec2-m5.large-offer.json: the real GetProducts item
   ec2-m5.large-getproducts-item.json placed in the bulk offer-file layout
   (products{sku}, terms.OnDemand{sku}{term}, terms.Reserved{sku}{term});
   product, terms, dimensions and every value are unchanged.
2. ec2-m5.large-offer.csv, ec2-us-east-1-opencost.csv: the CSV form of those
   JSON offers, written with the real 91-column header of
   ec2-global-excerpt.csv (one row per price dimension, EffectiveDate as a
   date, empty cells unquoted, as AWS writes them).
3. ec2-m5.large-offer-shuffled.csv: the same rows with the columns in
   another order (the header is mapped by name).
"""
import csv
import io
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def norm(name):
    return re.sub(r"[^a-z0-9]", "", name.lower())


def assemble():
    item = json.load(open(path("ec2-m5.large-getproducts-item.json")))
    sku = item["product"]["sku"]
    product = {"sku": sku, "productFamily": item["product"]["productFamily"],
               "attributes": item["product"]["attributes"]}
    terms = {kind: {sku: item["terms"][kind]} for kind in ("OnDemand", "Reserved")
             if kind in item["terms"]}
    offer = {
        "formatVersion": "v1.0",
        "disclaimer": "This pricing list is for informational purposes only. All prices are "
                      "subject to the additional terms included in the pricing pages on "
                      "http://aws.amazon.com. All Free Tier prices are also subject to the "
                      "terms included at https://aws.amazon.com/free/",
        "offerCode": item["serviceCode"],
        "version": item["version"],
        "publicationDate": item["publicationDate"],
        "products": {sku: product},
        "terms": terms,
        "attributesList": {},
    }
    with open(path("ec2-m5.large-offer.json"), "w") as f:
        json.dump(offer, f, indent=2)
        f.write("\n")
    return offer


def real_header():
    with open(path("ec2-global-excerpt.csv"), newline="") as f:
        rows = list(csv.reader(f))
    return rows[:5], rows[5]


def quote(value):
    return "" if value == "" else '"' + value.replace('"', '""') + '"'


def to_csv(offer, name, order=None):
    meta, header = real_header()
    meta = [["FormatVersion", offer["formatVersion"]], meta[1],
            ["Publication Date", offer["publicationDate"]], ["Version", offer["version"]],
            ["OfferCode", offer["offerCode"]]]
    index = {norm(h): i for i, h in enumerate(header)}
    rows = []
    for kind, by_sku in offer["terms"].items():
        for sku, terms in by_sku.items():
            product = offer["products"][sku]
            for term in terms.values():
                for dim in term["priceDimensions"].values():
                    row = [""] * len(header)

                    def put(column, value):
                        row[index[norm(column)]] = value
                    (currency, price), = dim["pricePerUnit"].items()
                    put("SKU", sku)
                    put("OfferTermCode", term["offerTermCode"])
                    put("RateCode", dim["rateCode"])
                    put("TermType", kind)
                    put("PriceDescription", dim["description"])
                    put("EffectiveDate", term["effectiveDate"][:10])
                    put("StartingRange", dim.get("beginRange", ""))
                    put("EndingRange", dim.get("endRange", ""))
                    put("Unit", dim["unit"])
                    put("PricePerUnit", price)
                    put("Currency", currency)
                    for k, v in term["termAttributes"].items():
                        put(k, v)
                    put("Product Family", product["productFamily"])
                    for k, v in product["attributes"].items():
                        if norm(k) in index:
                            row[index[norm(k)]] = v
                    rows.append(row)
    if order is None:
        order = list(range(len(header)))
    out = io.StringIO()
    for m in meta:
        out.write(",".join(quote(v) for v in m) + "\n")
    out.write(",".join(quote(header[i]) for i in order) + "\n")
    for row in rows:
        out.write(",".join(quote(row[i]) for i in order) + "\n")
    with open(path(name), "w", newline="") as f:
        f.write(out.getvalue())


def main():
    offer = assemble()
    to_csv(offer, "ec2-m5.large-offer.csv")
    order = list(range(len(real_header()[1])))
    random.Random(20250912).shuffle(order)
    to_csv(offer, "ec2-m5.large-offer-shuffled.csv", order)
    to_csv(json.load(open(path("ec2-us-east-1-opencost.json"))), "ec2-us-east-1-opencost.csv")


if __name__ == "__main__":
    main()
