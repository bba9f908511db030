"""Where the models of fixtures/oracle/goldens.json are on this machine (shared by the oracle scripts)."""
import glob, hashlib, json, os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_goldens():
    with open(os.path.join(ROOT, "fixtures/oracle/goldens.json")) as f:
        return json.load(f)["models"]


def model_paths(models):
    """Oracle key → local path: files under the repository by their key, third-party models (`thirdparty/<file>`)
    in fixtures/thirdparty or .cache/thirdparty/models matched by sha256. Keys with no local file are left out."""
    by_sha = {}
    for pattern in ("fixtures/thirdparty/*.onnx", ".cache/thirdparty/models/*.onnx"):
        for p in glob.glob(os.path.join(ROOT, pattern)):
            with open(p, "rb") as h:
                by_sha.setdefault(hashlib.sha256(h.read()).hexdigest(), p)
    out = {}
    for key, entry in models.items():
        path = by_sha.get(entry.get("sha256")) if key.startswith("thirdparty/") else os.path.join(ROOT, key)
        if path and os.path.exists(path):
            out[key] = path
    return out
