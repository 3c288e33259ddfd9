#!/usr/bin/env python3
"""gen_plan.py - write a large Terraform plan (terraform show -json) for bench/run_terraform.sh.

usage: gen_plan.py SIZE_MB OUT.json [--samples DIR]

The real plans of ../shared/samples/terraform (or DIR; all but one, see SKIP) and
examples/terraform/plan.json are replicated until the file reaches SIZE_MB: copy k of sample s becomes module "s{s}_c{k}", so every resource keeps its shape (its
after, after_unknown and before values, its planned_values and configuration entry, its
references) under a distinct address (module.s0_c17.aws_instance.example). The provider
configuration is one aws provider in us-east-1 (every copy is priced there); each copy's module
call has the sample's resources and module calls, so configuration references resolve as in the
sample. Python 3 standard library only; deterministic.
"""
import json
import os
import sys


SKIP = {"cycloidio-terracost_examples_terraform-plan.json"}


def prefix_address(addr, mod):
    return mod + "." + addr


def main():
    args = sys.argv[1:]
    samples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                           "samples", "terraform")
    if "--samples" in args:
        i = args.index("--samples")
        samples = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit("usage: gen_plan.py SIZE_MB OUT.json [--samples DIR]")
    target = float(args[0]) * 1e6
    out = args[1]
    plans = []
    for name in sorted(os.listdir(samples)):
        # every copy is put in us-east-1 (the plan's one provider region); this sample's
        # classic ELB and Multi-AZ MySQL db.t3.small have no us-east-1 row in the snapshot
        if name.endswith(".json") and name not in SKIP:
            with open(os.path.join(samples, name)) as f:
                plans.append(json.load(f))
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples",
                           "terraform", "plan.json")) as f:
        plans.append(json.load(f))
    # one resource change, planned value and configuration module per sample
    changes, planned, calls = [], [], {}
    size = 0
    k = 0
    while size < target:
        for s, plan in enumerate(plans):
            mod = "s%d_c%d" % (s, k)
            maddr = "module." + mod
            for rc in plan.get("resource_changes", []):
                rc = json.loads(json.dumps(rc))
                rc["address"] = prefix_address(rc["address"], maddr)
                rc["module_address"] = maddr + ("." + rc["module_address"] if rc.get(
                    "module_address") else "")
                rc["provider_name"] = "registry.terraform.io/hashicorp/aws"
                text = json.dumps(rc)
                size += len(text) * 3.75  # planned_values, configuration and indentation come with it
                changes.append(rc)
            root = plan.get("planned_values", {}).get("root_module", {})
            planned.append({"address": maddr, "resources": root.get("resources", []),
                            "child_modules": root.get("child_modules", [])})
            cfg = plan.get("configuration", {}).get("root_module", {})
            module = {"resources": [], "module_calls": cfg.get("module_calls", {})}
            for r in cfg.get("resources", []):
                r = dict(r)
                r["provider_config_key"] = mod + ":aws"
                module["resources"].append(r)
            calls[mod] = {"source": "./samples/%d" % s, "module": module}
        k += 1
    doc = {
        "format_version": "1.2",
        "terraform_version": "1.5.1",
        "planned_values": {"root_module": {"child_modules": planned}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "full_name":
                                        "registry.terraform.io/hashicorp/aws",
                                        "expressions": {"region": {"constant_value":
                                                                   "us-east-1"}}}},
            "root_module": {"module_calls": calls},
        },
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=2)
    print("%s: %.1f MB, %d resource changes, %d copies of %d plans" %
          (out, os.path.getsize(out) / 1e6, len(changes), k, len(plans)))


if __name__ == "__main__":
    main()
