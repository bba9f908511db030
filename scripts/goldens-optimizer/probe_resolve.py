#!/usr/bin/env python3
"""Asks onnxruntime 1.31.1 about two behaviours of its graph resolution / transformer loop that
docs/OPTIMIZER.md relies on. Run with .venv-tools/bin/python.

1. Output shapes ORT's Graph::Resolve infers (InferenceSession.get_outputs() with ORT_DISABLE_ALL) for ops whose
   onnx schema has a function body: GreaterOrEqual/LessOrEqual get no shape at opset 14 (schema version 12).
2. ConstantSharing runs in the first transformer step only: two constants that become equal only after folding
   are not shared, so CommonSubexpressionElimination keeps both Muls reading them.
"""
import onnx, onnxruntime as ort, numpy as np
from onnx import helper as h, TensorProto as T, numpy_helper as nh
import tempfile
TMP = tempfile.mkdtemp()


def session(m, level):
    so = ort.SessionOptions()
    so.graph_optimization_level = level
    so.optimized_model_filepath = f'{TMP}/opt.onnx'
    return ort.InferenceSession(m.SerializeToString(), so, providers=['CPUExecutionProvider'])


def resolved_shape(op, opset):
    x = h.make_tensor_value_info('x', T.FLOAT, [2, 3])
    y = h.make_tensor_value_info('y', T.FLOAT, [2, 3])
    g = h.make_graph([h.make_node(op, ['x', 'y'], ['z'])], 'g', [x, y], [onnx.ValueInfoProto(name='z')])
    m = h.make_model(g, opset_imports=[h.make_opsetid('', opset)]); m.ir_version = 8
    o = session(m, ort.GraphOptimizationLevel.ORT_DISABLE_ALL).get_outputs()[0]
    print('resolve', op, 'opset', opset, o.type, o.shape)


for op in ['GreaterOrEqual', 'LessOrEqual', 'Greater']:
    for opset in [14, 16]:
        resolved_shape(op, opset)

x = h.make_tensor_value_info('x', T.FLOAT, [2])
c = lambda n, v: nh.from_array(np.array([v], np.float32), n)
nodes = [h.make_node('Add', ['c1', 'c2'], ['f1']), h.make_node('Add', ['c3', 'c4'], ['f2']),
         h.make_node('Mul', ['x', 'f1'], ['y1']), h.make_node('Mul', ['x', 'f2'], ['y2']),
         h.make_node('Add', ['y1', 'y2'], ['o'])]
g = h.make_graph(nodes, 'g', [x], [h.make_tensor_value_info('o', T.FLOAT, None)],
                 [c('c1', 1.0), c('c2', 2.0), c('c3', 1.5), c('c4', 1.5)])
m = h.make_model(g, opset_imports=[h.make_opsetid('', 17)]); m.ir_version = 8
session(m, ort.GraphOptimizationLevel.ORT_ENABLE_BASIC)
print('sharing after folding:', [n.op_type for n in onnx.load(f'{TMP}/opt.onnx').graph.node])

# 3. The unknown comparison shape reaches ExpandElimination: at opset 14 the Expand stays, at 16 it goes.
#    A value_info type declared for the comparison stays on ORT's NodeArg: with [1, 4] it folds at opset 14 too,
#    with ['n', 4] it stays but the Expand, now of a known rank-2 input, goes.
for opset, declared in [(14, None), (16, None), (14, [1, 4]), (14, ['n', 4])]:
    x = h.make_tensor_value_info('x', T.BOOL, [1, 4])
    nodes = [h.make_node('GreaterOrEqual', ['c', 'z'], ['ge']), h.make_node('And', ['x', 'ge'], ['a']),
             h.make_node('Expand', ['a', 'shape'], ['e']), h.make_node('Not', ['e'], ['o'])]
    g = h.make_graph(nodes, 'g', [x], [h.make_tensor_value_info('o', T.BOOL, None)],
                     [nh.from_array(np.arange(4, dtype=np.int64).reshape(1, 4), 'c'), nh.from_array(np.array(1, np.int64), 'z'),
                      nh.from_array(np.array([1, 4], np.int64), 'shape')],
                     value_info=[h.make_tensor_value_info('ge', T.BOOL, declared)] if declared else [])
    m = h.make_model(g, opset_imports=[h.make_opsetid('', opset)]); m.ir_version = 8
    session(m, ort.GraphOptimizationLevel.ORT_ENABLE_BASIC)
    print('expand after GreaterOrEqual, opset', opset, 'declared', declared, [n.op_type for n in onnx.load(f'{TMP}/opt.onnx').graph.node])
