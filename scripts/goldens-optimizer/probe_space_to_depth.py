#!/usr/bin/env python3
"""Does onnxruntime 1.31.1 fuse the YOLOv5 "Focus" pattern (four stride-2 Slices of one NCHW tensor concatenated
on channels) into SpaceToDepth at ORT_ENABLE_BASIC (SliceConcatToSpaceToDepthFusion)? Prints the optimized ops for
the canonical phase order (0,0),(0,1),(1,0),(1,1), YOLOv5's order (0,0),(1,0),(0,1),(1,1) (needs a channel
Gather), a dynamic channel count with YOLOv5's order (rejected), and stride 3 (rejected).
Run with .venv-tools/bin/python."""
import onnx, onnxruntime as ort, numpy as np
from onnx import helper as h, TensorProto as T, numpy_helper as nh
import tempfile
TMP = tempfile.mkdtemp()
BIG = np.iinfo(np.int64).max


def run(label, phases, channels=3, step=2):
    inits, nodes, outs = [], [], []
    for i, (ph, pw) in enumerate(phases):
        inits += [nh.from_array(np.array([ph, pw], np.int64), f's{i}'), nh.from_array(np.array([BIG, BIG], np.int64), f'e{i}'),
                  nh.from_array(np.array([2, 3], np.int64), f'a{i}'), nh.from_array(np.array([step, step], np.int64), f'st{i}')]
        nodes.append(h.make_node('Slice', ['x', f's{i}', f'e{i}', f'a{i}', f'st{i}'], [f'y{i}']))
        outs.append(f'y{i}')
    nodes.append(h.make_node('Concat', outs, ['c'], axis=1))
    nodes.append(h.make_node('Relu', ['c'], ['r']))
    x = h.make_tensor_value_info('x', T.FLOAT, [1, channels, 8, 8])
    g = h.make_graph(nodes, 'g', [x], [h.make_tensor_value_info('r', T.FLOAT, None)], inits)
    m = h.make_model(g, opset_imports=[h.make_opsetid('', 13)]); m.ir_version = 8
    so = ort.SessionOptions(); so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    so.optimized_model_filepath = f'{TMP}/o.onnx'
    ort.InferenceSession(m.SerializeToString(), so, providers=['CPUExecutionProvider'])
    print(label, [n.op_type for n in onnx.load(f'{TMP}/o.onnx').graph.node])


run('canonical', [(0, 0), (0, 1), (1, 0), (1, 1)])
run('yolov5', [(0, 0), (1, 0), (0, 1), (1, 1)])
run('yolov5 dynamic channels', [(0, 0), (1, 0), (0, 1), (1, 1)], channels='C')
run('stride 3', [(0, 0), (0, 1), (1, 0), (1, 1)], step=3)
