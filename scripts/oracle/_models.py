"""Where the models of fixtures/oracle/goldens.json are on this machine (shared by the oracle scripts; the Swift
OracleParityTests finds them the same way)."""
import json, os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_goldens():
    with open(os.path.join(ROOT, "fixtures/oracle/goldens.json")) as f:
        return json.load(f)["models"]


def model_paths(models):
    """Oracle key → local path: files under the repository by their key; third-party models (`thirdparty/<file>`)
    by the short name fixtures/oracle/thirdparty.json gives them (import_goldens.py matched it by sha256), in
    fixtures/thirdparty or .cache/thirdparty/models. Keys with no local file are left out."""
    with open(os.path.join(ROOT, "fixtures/oracle/thirdparty.json")) as f:
        short = json.load(f)
    out = {}
    for key in models:
        if key.startswith("thirdparty/"):
            candidates = [os.path.join(ROOT, d, f"{short.get(key)}.onnx")
                          for d in ("fixtures/thirdparty", ".cache/thirdparty/models")] if short.get(key) else []
        else:
            candidates = [os.path.join(ROOT, key)]
        path = next((p for p in candidates if os.path.exists(p)), None)
        if path:
            out[key] = path
    return out
