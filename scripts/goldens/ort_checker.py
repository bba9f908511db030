#!/usr/bin/env python3
"""Golden: what ONNX Runtime's Python mobile usability checker computes (onnxruntime.tools.mobile_helpers.usability_checker).

Same steps as usability_checker.analyze_model/checker(), but calling the checker's own functions and keeping the
numbers instead of the log text:
  1. onnx_model_utils.optimize_model(model, tmp, use_external_initializers=True)   (ORT_ENABLE_BASIC, CPU EP)
  2. onnx_model_utils.ModelProtoWithShapeInfo(tmp)   (onnx infer_shapes, strict_mode=True)
  3. usability_checker.check_shapes(graph)           -> dynamic inputs
  4. for NNAPI, CoreML NeuralNetwork, CoreML MLProgram: check_nnapi_partitions / check_coreml_partitions with
     require_fixed_input_sizes=True ("fixedShapesRequired") and False ("ifShapesWereFixed").
     The checker itself runs the second pass only when the first pass is not YES and the model has dynamic
     inputs; both passes are always recorded here, with "checkerRunsSecondPass" saying what the checker does.
Writes fixtures/ort-checker/<model>.json (format in fixtures/README.md). Usage: ort_checker.py [model.onnx ...]
"""
from __future__ import annotations

import collections
import logging
import pathlib
import sys
import tempfile

import onnx
import onnxruntime as ort
from onnxruntime.tools import onnx_model_utils as omu
from onnxruntime.tools.mobile_helpers import usability_checker as uc

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from _common import log, model_label, models_from_argv, output_path, write_json  # noqa: E402

SILENT = logging.getLogger("cutline-goldens-silent")
SILENT.addHandler(logging.NullHandler())
SILENT.propagate = False
SILENT.setLevel(logging.CRITICAL)

EPS = {
    "nnapi": lambda m, fixed: uc.check_nnapi_partitions(m, fixed),
    "coremlNeuralNetwork": lambda m, fixed: uc.check_coreml_partitions(m, fixed, "coreml_supported_neuralnetwork_ops.md"),
    "coremlMLProgram": lambda m, fixed: uc.check_coreml_partitions(m, fixed, "coreml_supported_mlprogram_ops.md"),
}


def info_to_json(info: uc.PartitioningInfo) -> dict:
    def hist(group):
        c = collections.Counter(f"{n.domain or 'ai.onnx'}:{n.op_type}" for n in group)
        return dict(sorted(c.items()))

    return {
        "partitions": info.num_partitions,
        "supportedNodes": info.num_supported_nodes,
        "totalNodes": info.num_nodes,
        "unsupportedOps": sorted(info.unsupported_ops),
        "nodesUnsupportedDueToOp": info.nodes_unsupported_due_to_op,
        "nodesUnsupportedDueToDynamicInput": info.nodes_unsupported_due_to_dynamic_input,
        "nodesUnsupportedDueToRank": info.num_unsupported_nodes_due_to_rank,
        "opsWithUnsupportedRank": sorted(info.ops_with_unsupported_rank),
        "partitionSizes": [len(g) for g in info.supported_groups],
        "partitionOps": [hist(g) for g in info.supported_groups],
        "subgraphCount": info.num_subgraphs,
        "nodesInSubgraphs": info.num_nodes_in_subgraphs,
        # PartitioningInfo.suitability() divides by the node count: a graph folded to 0 nodes raises ZeroDivisionError
        "suitability": info.suitability().name if info.num_nodes else None,
        "caveats": info.supported_ops_checker.get_caveats(),
    }


def run(path: pathlib.Path) -> dict:
    res = {
        "tool": "onnxruntime.tools.mobile_helpers.usability_checker",
        "ortVersion": ort.__version__,
        "onnxVersion": onnx.__version__,
        "model": model_label(path),
        "error": None,
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = pathlib.Path(tmp) / path.name
        try:
            omu.optimize_model(path, tmp_path, use_external_initializers=True)
        except Exception as e:  # noqa: BLE001
            res["error"] = f"optimize_model: {type(e).__name__}: {str(e).strip()}"
            return res
        res["optimizedNodeCount"] = len(onnx.load(str(tmp_path), load_external_data=False).graph.node)
        res["shapeInferenceStrict"] = True
        res["shapeInferenceError"] = None
        try:
            model = omu.ModelProtoWithShapeInfo(tmp_path).model_with_shape_info
        except Exception as e:  # noqa: BLE001 - the real checker stops here; we fall back so numbers still exist
            res["shapeInferenceStrict"] = False
            res["shapeInferenceError"] = f"{type(e).__name__}: {str(e).strip()}"
            model = onnx.shape_inference.infer_shapes(onnx.load(str(tmp_path)), strict_mode=False)

        try:
            dynamic_inputs, num_dynamic_values = uc.check_shapes(model.graph, SILENT)
        except Exception as e:  # noqa: BLE001
            res["error"] = f"check_shapes: {type(e).__name__}: {str(e).strip()}"
            return res
        res["dynamicInputs"] = sorted(i.name for i in dynamic_inputs)
        res["dynamicValueCount"] = num_dynamic_values

        eps = {}
        for ep, fn in EPS.items():
            entry = {}
            try:
                first = fn(model, True)
                entry["fixedShapesRequired"] = info_to_json(first)
                # the checker's own condition for its second pass; None where suitability() itself raises
                entry["checkerRunsSecondPass"] = (
                    bool(first.suitability() != uc.PartitioningInfo.TryWithEP.YES and dynamic_inputs)
                    if first.num_nodes else None
                )
            except Exception as e:  # noqa: BLE001
                entry["fixedShapesRequired"] = {"error": f"{type(e).__name__}: {str(e).strip()}"}
                entry["checkerRunsSecondPass"] = None
            try:
                entry["ifShapesWereFixed"] = info_to_json(fn(model, False))
            except Exception as e:  # noqa: BLE001
                entry["ifShapesWereFixed"] = {"error": f"{type(e).__name__}: {str(e).strip()}"}
            eps[ep] = entry
        res["eps"] = eps
    return res


def main(argv: list[str]) -> int:
    for path in models_from_argv(argv):
        res = run(path)
        out = output_path("ort-checker", path)
        write_json(out, res)
        if res.get("eps"):
            s = " ".join(
                f"{k}={v['ifShapesWereFixed'].get('partitions')}p/{v['ifShapesWereFixed'].get('supportedNodes')}"
                for k, v in res["eps"].items()
            )
        else:
            s = res["error"]
        log(f"ort-checker: {model_label(path)}: optimized={res.get('optimizedNodeCount')} {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
