#!/usr/bin/env python3
"""yaml_from_json.py JSON... - write each JSON file as YAML beside it (NAME.yaml),
block style, keys in their order: how the YAML test inputs of tests/data and
examples/ were made (PyYAML; strings YAML 1.1 would read otherwise stay quoted).
With --out DIR the YAML files go to DIR under the JSON file's name."""
import json
import os
import sys

import yaml


def main(argv):
    out = None
    if len(argv) > 1 and argv[0] == "--out":
        out, argv = argv[1], argv[2:]
    for path in argv:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100,
                              default_flow_style=False)
        base = os.path.splitext(os.path.basename(path))[0] + ".yaml"
        dest = os.path.join(out, base) if out else os.path.join(os.path.dirname(path), base)
        with open(dest, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
