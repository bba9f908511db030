"""The Python API against the executable it wraps and the published JSON Schemas (docs/schema).

Runs against whatever `import cutline` finds: the installed wheel (scripts/wheel/check.sh) or, with
PYTHONPATH=python and CUTLINE_BINARY, a source checkout. Needs jsonschema; pandas for the to_pandas test.
"""

import dataclasses
import json
import os
import subprocess
import tempfile
import typing
import unittest
from pathlib import Path

import cutline
from cutline._reports import snake

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs/schema"
MODELS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "models").glob("*.onnx"))


def schema(name):
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


def resolve(root, node):
    """Follows local refs (each schema is self-contained)."""
    while "$ref" in node:
        ref = node["$ref"]
        file, _, pointer = ref.partition("#")
        assert not file, ref
        doc = root
        node = doc
        for part in pointer.strip("/").split("/"):
            node = node[part]
        root = doc
    return root, node


def check_fields(test, cls, root, node, path):
    """The dataclass has exactly the schema object's properties (snake_case), recursively for nested dataclasses."""
    root, node = resolve(root, node)
    test.assertIn("properties", node, f"{path}: {node}")
    props = node["properties"]
    fields = {f.name for f in dataclasses.fields(cls)} - {"exit_code"}
    want = {snake(k) + ("_" if k == "pass" else "") for k in props}
    test.assertEqual(fields, want, f"{path}: dataclass {cls.__name__} vs schema properties")
    hints = typing.get_type_hints(cls)
    for key, sub in props.items():
        tp = hints[snake(key) + ("_" if key == "pass" else "")]
        t = tp
        if typing.get_origin(tp) is typing.Union:
            t = [a for a in typing.get_args(tp) if a is not type(None)][0]
        if typing.get_origin(t) is list:
            t = typing.get_args(t)[0]
            _, subnode = resolve(root, sub)
            sub = subnode.get("items", {})
        if dataclasses.is_dataclass(t):
            check_fields(test, t, root, sub, f"{path}.{key}")


class APITests(unittest.TestCase):
    def test_dataclasses_follow_the_schemas(self):
        for cls, name in [(cutline.AnalysisReport, "analyze"), (cutline.InspectReport, "inspect"),
                          (cutline.LintReport, "lint"), (cutline.RulesDocument, "rules")]:
            s = schema(name)
            check_fields(self, cls, s, s, name)

    def test_analyze_every_model(self):
        import jsonschema

        s = schema("analyze")
        exe = cutline.binary()
        for m in MODELS:
            raw = json.loads(subprocess.run([exe, "analyze", m, "--format", "json"], capture_output=True, text=True,
                                            check=True, cwd=ROOT).stdout)
            jsonschema.validate(raw, s)
            r = cutline.analyze(ROOT / m)
            self.assertEqual(r.cutline_version, cutline.version())
            self.assertEqual([a.ep for a in r.analyses], [a["ep"] for a in raw["analyses"]])
            for a, ra in zip(r.analyses, raw["analyses"]):
                self.assertEqual(a.partition_count, ra["partitionCount"])
                self.assertEqual(len(a.partitions), a.partition_count)
                self.assertEqual([p.nodes for p in a.partitions], [p["nodes"] for p in ra["partitions"]])
                self.assertLessEqual(sum(p.node_count for p in a.partitions), a.supported_node_count)
                self.assertIsInstance(a.partitions[0], cutline.Partition)
                self.assertIsInstance(a.options, cutline.Options)
                if a.estimate is not None:
                    self.assertIn(a.estimate.verdict, ("ep", "cpu", "uncertain"))
            self.assertIs(r.partitions, r.analyses[0].partitions)

    def test_options_become_flags(self):
        one = cutline.analyze(ROOT / "models/bert-tiny-dynamic.onnx", ep="coreml-mlprogram", ort_version="1.20",
                              free_dims={"batch": 1, "sequence": 128}, static_shapes=True)
        self.assertEqual([a.ep for a in one.analyses], ["coreml-mlprogram"])
        self.assertEqual(one.analyses[0].options.free_dims, {"batch": 1, "sequence": 128})
        self.assertTrue(one.analyses[0].options.static_shapes)
        self.assertTrue(one.analyses[0].options.ort_version.startswith("1.20"))

    def test_passes_session_problems_and_latest_release(self):
        r = cutline.analyze(ROOT / "fixtures/ort-basic-extra/models/function-ops-hardswish-bernoulli-op18.onnx",
                            ort_version="1.30", coreml_version=7)
        self.assertEqual(r.graph.ort_version, "1.30")
        for a in r.analyses:
            self.assertEqual([p.kind for p in a.passes], ["partition", "after-inlining"])
            self.assertIsInstance(a.passes[1], cutline.Pass)
            self.assertIsInstance(a.passes[1].partitions[0], cutline.Partition)
            self.assertEqual(a.passes[1].inlined, ["HardSwish#0", "Bernoulli#1"])
            self.assertEqual(a.passes[0].partition_count, a.partition_count)
            self.assertEqual(a.final_partition_count, sum(p.partition_count for p in a.passes))
            self.assertEqual(a.final_supported_node_count, sum(p.supported_node_count for p in a.passes))
            self.assertIsNone(a.session_problems)
            self.assertIsNone(a.latest_ort)
        r = cutline.analyze(ROOT / "fixtures/roundtrip/metadata.onnx", ort_version="1.30", ep="coreml-mlprogram")
        self.assertIn("IR", r.analyses[0].session_problems[0])
        self.assertIsNone(r.analyses[0].passes)
        r = cutline.analyze(ROOT / "models/bert-tiny-static.onnx", ort_version="1.26", ep="coreml-mlprogram")
        latest = r.analyses[0].latest_ort
        self.assertIsInstance(latest, cutline.VersionComparison)
        self.assertNotEqual((latest.node_count, latest.supported_node_count, latest.partition_count),
                            (r.analyses[0].node_count, r.analyses[0].supported_node_count,
                             r.analyses[0].partition_count))

    def test_estimate_and_sweep(self):
        r = cutline.analyze(ROOT / "models/bert-tiny-dynamic.onnx", ep="coreml-mlprogram", sweep={"batch": [1, 2, 4]},
                            cost_dims={"sequence": 64}, compute_units="cpu-and-gpu")
        e = r.estimate
        self.assertEqual(e.compute_units, "cpu-and-gpu")
        self.assertEqual(e.guessed_dims, ["batch=1"])
        self.assertLessEqual(e.with_ep_low_ms, e.with_ep_ms)
        self.assertLessEqual(e.with_ep_ms, e.with_ep_high_ms)
        self.assertLessEqual(e.ep_nodes_cpu_ms, e.cpu_only_ms)
        self.assertAlmostEqual(e.ratio, e.with_ep_ms / e.cpu_only_ms)
        s = r.analyses[0].sweep
        self.assertIsInstance(s, cutline.Sweep)
        self.assertEqual(s.dim, "batch")
        self.assertEqual([p.value for p in s.points], [1, 2, 4])
        self.assertIsInstance(s.points[0], cutline.SweepPoint)
        self.assertEqual(s.points[0].with_ep_ms, e.with_ep_ms)
        self.assertIsNone(cutline.analyze(ROOT / "models/mobilenetv2.onnx").analyses[0].sweep)

    def test_inspect(self):
        r = cutline.inspect(ROOT / "models/bert-tiny-dynamic.onnx", shapes=True)
        self.assertGreater(r.node_count, 0)
        self.assertIsInstance(r.inputs[0], cutline.TensorInfo)
        self.assertTrue(r.shapes and isinstance(r.shapes[0], cutline.ValueShape))
        self.assertIsNone(r.optimized)
        r = cutline.inspect(ROOT / "models/bert-tiny-static.onnx", shapes=True, optimized=True, ort_version="1.26")
        self.assertIsInstance(r.optimized, cutline.GraphSummary)
        self.assertEqual(r.optimized.ort_version, "1.26")
        self.assertTrue(r.optimized.shapes and isinstance(r.optimized.shapes[0], cutline.ValueShape))
        self.assertLess(r.optimized.node_count, r.node_count)

    def test_lint_and_rules(self):
        r = cutline.lint([ROOT / "fixtures/graphs/coreml-erf-middle-op17.onnx"], max_partitions=0)
        self.assertEqual(r.exit_code, 1)
        self.assertTrue(r.failed)
        self.assertTrue(any(f.code == "PT201" for f in r.findings))
        rules = cutline.rules()
        self.assertIn("EP100", [x.code for x in rules.rules])
        self.assertTrue(any(x.pass_ for x in rules.rules))

    def test_errors_carry_the_message_and_exit_code(self):
        with self.assertRaises(cutline.CutlineError) as e:
            cutline.analyze(ROOT / "models/does-not-exist.onnx")
        self.assertEqual(e.exception.exit_code, 2)
        self.assertNotIn("\n", e.exception.message)
        self.assertIn("does-not-exist.onnx", e.exception.message)
        with tempfile.NamedTemporaryFile(suffix=".onnx") as bad:
            bad.write(b"not a model")
            bad.flush()
            with self.assertRaises(cutline.CutlineError) as e:
                cutline.analyze(bad.name)
            self.assertEqual(e.exception.exit_code, 2)
        with self.assertRaises(cutline.CutlineError) as e:
            cutline.analyze(ROOT / "models/mobilenetv2.onnx", coreml_version=3)
        self.assertEqual(e.exception.exit_code, 2)

    def test_schema_version_is_checked(self):
        with self.assertRaises(cutline.CutlineError) as e:
            cutline._parse(json.dumps({"schemaVersion": 2, "cutlineVersion": "9.0.0"}), "analyze")
        self.assertIn("schemaVersion 2", e.exception.message)

    def test_rewrite_writes_a_new_model_and_analyses_both(self):
        src = ROOT / "models/bert-tiny-dynamic.onnx"
        before = src.read_bytes()
        with tempfile.TemporaryDirectory() as d:
            out = Path(d) / "rewritten.onnx"
            r = cutline.rewrite(src, out, passes=["freeze-shapes", "gelu-tanh"], dims={"batch": 1, "sequence": 128},
                                ep="coreml-mlprogram")
            self.assertTrue(out.is_file())
            self.assertIn("freeze-shapes", r.log)
            self.assertLess(r.after.partition_count, r.before.partition_count)
        self.assertEqual(src.read_bytes(), before, "the input model is never written")
        with self.assertRaises(cutline.CutlineError):
            cutline.rewrite(src, src, passes=["freeze-shapes"])

    def test_notebook_view(self):
        r = cutline.analyze(ROOT / "models/bert-tiny-dynamic.onnx")
        html = r._repr_html_()
        self.assertIn("<table", html)
        for a in r.analyses:
            self.assertIn(f"{a.ep} partitions", html)
            self.assertEqual(html.count(f'title="partition '), sum(len(x.partitions) for x in r.analyses))

    def test_notebook_view_snapshot(self):
        """The exact HTML a notebook shows (re-record: CUTLINE_RECORD=1)."""
        cwd = os.getcwd()
        os.chdir(ROOT)
        try:
            html = cutline.analyze("models/mobilenetv2.onnx")._repr_html_() + "\n"
        finally:
            os.chdir(cwd)
        snap = ROOT / "python/tests/snapshots/notebook-mobilenetv2.html"
        if os.environ.get("CUTLINE_RECORD") == "1" or not snap.exists():
            snap.write_text(html)
        self.assertEqual(html, snap.read_text())

    def test_to_pandas(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas not installed")
        r = cutline.analyze(ROOT / "models/bert-tiny-dynamic.onnx", ep="coreml-mlprogram")
        df = r.to_pandas()
        a = r.analyses[0]
        self.assertEqual(len(df), a.node_count)
        self.assertEqual(int((df.placement == "ep").sum()), sum(p.node_count for p in a.partitions))
        self.assertEqual(set(df[df.placement == "cpu"].node), {u.node for u in a.unsupported_nodes})


if __name__ == "__main__":
    unittest.main()
