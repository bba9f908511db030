#!/usr/bin/env python3
"""Which ai.onnx ops defined as ONNX functions does onnxruntime 1.31.1 expand when only the CPU EP is registered
(its partitioner inlines a node no EP claims when the schema has a function body)? For every such schema at the
opset given on the command line (default 18), builds a one-node graph with float [2,3] inputs (int64 for
integer-only inputs), runs ORT_ENABLE_BASIC with optimized_model_filepath, and prints the op types ORT kept.
Ops whose one-node graph ORT rejects are reported as 'skip'. Run with .venv-tools/bin/python."""
import sys, tempfile
import onnx, onnxruntime as ort
from onnx import helper as h, TensorProto as T, defs

TMP = tempfile.mkdtemp()
OPSET = int(sys.argv[1]) if len(sys.argv) > 1 else 18


def schema_at(name):
    try:
        return defs.get_schema(name, OPSET, '')
    except Exception:
        return None


def probe(s):
    inputs, infos = [], []
    for i, f in enumerate(s.inputs):
        if f.option == defs.OpSchema.FormalParameterOption.Optional:
            break
        types = set(s.type_constraints[[c.type_param_str for c in s.type_constraints].index(f.type_str)].allowed_type_strs) \
            if f.type_str in [c.type_param_str for c in s.type_constraints] else {f.type_str}
        et = T.FLOAT if 'tensor(float)' in types else T.INT64
        name = f'in{i}'
        inputs.append(name)
        infos.append(h.make_tensor_value_info(name, et, [2, 3]))
    node = h.make_node(s.name, inputs, ['y'])
    g = h.make_graph([node], 'g', infos, [onnx.ValueInfoProto(name='y')])
    m = h.make_model(g, opset_imports=[h.make_opsetid('', OPSET)]); m.ir_version = 8
    so = ort.SessionOptions(); so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    so.optimized_model_filepath = f'{TMP}/o.onnx'
    so.log_severity_level = 4
    try:
        ort.InferenceSession(m.SerializeToString(), so, providers=['CPUExecutionProvider'])
    except Exception as e:
        return 'skip'
    return [n.op_type for n in onnx.load(f'{TMP}/o.onnx').graph.node]


names = sorted({s.name for s in defs.get_all_schemas_with_history() if s.domain == ''})
for name in names:
    s = schema_at(name)
    if s is None or s.deprecated or not (s.has_function or s.has_context_dependent_function):
        continue
    r = probe(s)
    kept = r if r == 'skip' else ('kept' if r == [name] else f'expanded {r}')
    print(f'{name} (since {s.since_version}): {kept}')
