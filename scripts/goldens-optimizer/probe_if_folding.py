#!/usr/bin/env python3
"""Does onnxruntime 1.31.1 inline an If whose condition is a constant initializer at ORT_ENABLE_BASIC? Prints the
optimized op list for a true and a false condition (the then branch holds Add(x, c) with its own initializer c and
a Relu, the else branch a Neg). Run with .venv-tools/bin/python."""
import onnx, onnxruntime as ort, numpy as np
from onnx import helper as h, TensorProto as T, numpy_helper as nh
import tempfile
TMP = tempfile.mkdtemp()

for cond in [True, False]:
    then_g = h.make_graph([h.make_node('Add', ['x', 'c'], ['t0']), h.make_node('Relu', ['t0'], ['t1'])], 'then', [],
                          [h.make_tensor_value_info('t1', T.FLOAT, [2])], [nh.from_array(np.array([1, 2], np.float32), 'c')])
    else_g = h.make_graph([h.make_node('Neg', ['x'], ['e0'])], 'else', [], [h.make_tensor_value_info('e0', T.FLOAT, [2])])
    nodes = [h.make_node('If', ['cond'], ['y'], then_branch=then_g, else_branch=else_g), h.make_node('Mul', ['y', 'x'], ['z'])]
    g = h.make_graph(nodes, 'g', [h.make_tensor_value_info('x', T.FLOAT, [2])], [h.make_tensor_value_info('z', T.FLOAT, [2])],
                     [nh.from_array(np.array(cond), 'cond')])
    m = h.make_model(g, opset_imports=[h.make_opsetid('', 17)]); m.ir_version = 8
    so = ort.SessionOptions(); so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    so.optimized_model_filepath = f'{TMP}/o.onnx'
    ort.InferenceSession(m.SerializeToString(), so, providers=['CPUExecutionProvider'])
    o = onnx.load(f'{TMP}/o.onnx')
    print('condition', cond, [(n.op_type, list(n.input)) for n in o.graph.node])
