"""Cutline: predict how ONNX Runtime's CoreML execution provider partitions an ONNX model.

The functions here run the ``cutline`` executable shipped in this wheel and read its JSON reports into typed
dataclasses (see ``docs/schema/*.schema.json``)::

    import cutline
    report = cutline.analyze("model.onnx", ep="coreml-mlprogram")
    report.partition_count, report.coverage, report.partitions[0].nodes
    report.to_pandas()          # one row per node (needs pandas)
    report                      # in Jupyter: summary table and partition strip

Keyword options are the command's flags in snake_case: ``ort_version="1.20"`` is ``--ort-version 1.20``,
``static_shapes=True`` is ``--static-shapes``, a list repeats the flag, ``free_dims={"batch": 1}`` is
``--free-dim batch=1``. Failures raise :class:`CutlineError` with cutline's one-line message and exit code.
"""

# The console script (cutline._binary:main) imports this package on every `cutline` run: everything else is loaded on
# first attribute access (PEP 562), which keeps the script's start-up to the interpreter's own.
__all__ = [
    "CutlineError", "analyze", "inspect", "lint", "rewrite", "rules", "version", "binary", "SCHEMA_VERSION",
    "AnalysisReport", "Analysis", "GraphInfo", "Options", "Partition", "TensorRef", "Reason", "UnsupportedNode",
    "CutMaker", "SubgraphAnalysis", "Estimate", "Contributor", "Pass", "VersionComparison", "Sweep", "SweepPoint",
    "InspectReport", "Opset", "TensorInfo", "FunctionInfo",
    "GraphSummary", "ValueShape", "LintReport", "ModelResult", "EPResult", "Finding", "BaselineEntry", "Rule",
    "RulesDocument", "RewriteResult",
]


def __getattr__(name):
    import importlib

    _api = importlib.import_module("cutline._api")

    if name == "__version__":
        return _api._package_version()
    if name in __all__ or name == "_parse":
        return getattr(_api, name)
    raise AttributeError(f"module 'cutline' has no attribute {name!r}")


def __dir__():
    return sorted(__all__ + ["__version__"])
