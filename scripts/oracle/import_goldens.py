#!/usr/bin/env python3
"""Copies the real CoreML EP's decisions from the shared oracle file into fixtures/oracle/goldens.json (data only,
unchanged) and writes fixtures/oracle/thirdparty.json: which short name of scripts/thirdparty/models.txt each
`thirdparty/<file>` key is (matched by sha256), so tests find the fetched model without hashing it.
Usage: import_goldens.py [SHARED_GOLDENS]   (default ../shared/oracle/goldens.json next to the repository)"""
import json, os, shutil, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "oracle", "goldens.json")
dst = os.path.join(ROOT, "fixtures/oracle/goldens.json")
os.makedirs(os.path.dirname(dst), exist_ok=True)
shutil.copyfile(src, dst)
by_sha = {}
with open(os.path.join(ROOT, "scripts/thirdparty/models.txt")) as f:
    for line in f:
        parts = line.split()
        if len(parts) == 5 and not parts[0].startswith("#"):
            by_sha[parts[4]] = parts[2]
with open(dst) as f:
    models = json.load(f)["models"]
names = {k: by_sha.get(v.get("sha256")) for k, v in sorted(models.items()) if k.startswith("thirdparty/")}
with open(os.path.join(ROOT, "fixtures/oracle/thirdparty.json"), "w") as f:
    json.dump(names, f, indent=1, sort_keys=True)
    f.write("\n")
missing = [k for k, v in names.items() if v is None]
print(f"import_goldens: {len(models)} models; third-party keys without a models.txt entry: {missing or 'none'}")
