#!/usr/bin/env python3
"""Asks onnxruntime (ORT_ENABLE_BASIC) whether it constant-folds an op whose inputs are all initializers.
Prints the optimized op list per probe; an empty list means the op folded. Run with .venv-tools/bin/python."""
import onnx, onnxruntime as ort, numpy as np
from onnx import helper as h, TensorProto as T, numpy_helper as nh
import tempfile
TMP = tempfile.mkdtemp()


def run(op, a, b, opset=14, attrs={}, declare=None):
    nodes=[h.make_node(op,['a','b'],['c'],**attrs), h.make_node('Identity',['c'],['d']), h.make_node('Cast',['d'],['y'],to=1)]
    g=h.make_graph(nodes,'g',[],[h.make_tensor_value_info('y',T.FLOAT,None)],[nh.from_array(a,'a'),nh.from_array(b,'b')],
               value_info=[h.make_tensor_value_info('c',T.BOOL,declare)] if declare is not None else [])
    m=h.make_model(g,opset_imports=[h.make_opsetid('',opset)]); m.ir_version=8
    onnx.save(m,f'{TMP}/p.onnx')
    so=ort.SessionOptions(); so.graph_optimization_level=ort.GraphOptimizationLevel.ORT_ENABLE_BASIC; so.optimized_model_filepath=f'{TMP}/p_opt.onnx'
    ort.InferenceSession(f'{TMP}/p.onnx',so,providers=['CPUExecutionProvider'])
    print(op, a.dtype, f'opset {opset}', f'declared {declare}' if declare is not None else '', [n.op_type for n in onnx.load(f'{TMP}/p_opt.onnx').graph.node])
run('GreaterOrEqual', np.arange(4,dtype=np.int64).reshape(1,1,4,1), np.array(2,dtype=np.int64))
run('GreaterOrEqual', np.arange(4,dtype=np.float32).reshape(1,1,4,1), np.array(2,dtype=np.float32))
run('Greater', np.arange(4,dtype=np.int64).reshape(1,1,4,1), np.array(2,dtype=np.int64))
run('Equal', np.arange(4,dtype=np.int64).reshape(1,1,4,1), np.array(2,dtype=np.int64))
run('LessOrEqual', np.arange(4,dtype=np.int64).reshape(1,1,4,1), np.array(2,dtype=np.int64))
run('And', np.array([True,False]), np.array([True,True]))
run('Expand', np.array([True,False]), np.array([2,2],dtype=np.int64))
# From opset 16 the schemas infer a shape, so ORT 1.31's output-size estimate is known and they fold.
run('GreaterOrEqual', np.arange(4,dtype=np.int64).reshape(1,1,4,1), np.array(2,dtype=np.int64), opset=16)
run('LessOrEqual', np.arange(4,dtype=np.int64).reshape(1,1,4,1), np.array(2,dtype=np.int64), opset=16)
# A value_info entry with a fully static shape for the output stays on ORT's NodeArg, so the estimate is known and
# opset-14 GreaterOrEqual folds; a declared shape with a symbolic dim does not help.
run('GreaterOrEqual', np.arange(4,dtype=np.int64).reshape(1,1,4,1), np.array(2,dtype=np.int64), declare=[1,1,4,1])
run('GreaterOrEqual', np.arange(4,dtype=np.int64).reshape(1,1,4,1), np.array(2,dtype=np.int64), declare=['n',1,4,1])
