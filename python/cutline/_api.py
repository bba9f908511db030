"""The API behind ``import cutline`` (loaded on first use, so the ``cutline`` console script stays fast)."""


from __future__ import annotations

import json
import os
import subprocess
from typing import Any, Iterable, Optional, Union

from ._binary import binary
from ._reports import (
    SCHEMA_VERSION, Analysis, AnalysisReport, BaselineEntry, CutMaker, Contributor, EPResult, Estimate, Finding,
    FunctionInfo, GraphInfo, GraphSummary, InspectReport, LintReport, ModelResult, Opset, Options, Partition, Pass,
    Reason, RewriteResult, Rule, RulesDocument, SubgraphAnalysis, Sweep, SweepPoint, TensorInfo, TensorRef,
    UnsupportedNode, ValueShape, VersionComparison, from_json,
)




def _package_version() -> str:
    """The installed distribution's version (the same string as `cutline --version`)."""
    try:
        from importlib.metadata import version as dist_version

        return dist_version("cutline")
    except Exception:  # running from a source checkout
        return "0+unknown"

PathLike = Union[str, "os.PathLike[str]"]


class CutlineError(Exception):
    """cutline failed: ``message`` is its one-line error (``cutline: error: …`` without the prefix), ``exit_code``
    its exit status (2 for bad input or usage)."""

    def __init__(self, message: str, exit_code: int, stderr: str = ""):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.stderr = stderr

    def __str__(self) -> str:
        return f"{self.message} (exit code {self.exit_code})"


def _flags(options: dict[str, Any]) -> list[str]:
    args: list[str] = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        if key in ("free_dims", "cost_dims"):
            flag = flag[:-1]
        if isinstance(value, dict):
            # {"batch": 1} is batch=1; {"batch": [1, 2, 4]} (sweep) is batch=1,2,4.
            value = [f"{k}={','.join(map(str, v)) if isinstance(v, (list, tuple)) else v}" for k, v in value.items()]
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            for v in value:
                args += [flag, str(v)]
        else:
            args += [flag, str(value)]
    return args


def _run(args: list[str], ok: Iterable[int] = (0,)) -> subprocess.CompletedProcess:
    exe = binary()
    p = subprocess.run([exe, *args], capture_output=True, text=True)
    if p.returncode not in ok:
        lines = [line for line in p.stderr.splitlines() if line.strip()]
        message = lines[0] if lines else f"cutline exited with status {p.returncode}"
        for prefix in ("cutline: error: ", "Error: "):
            if message.startswith(prefix):
                message = message[len(prefix):]
        raise CutlineError(message, p.returncode, p.stderr)
    return p


def _parse(text: str, what: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise CutlineError(f"{what}: cutline printed no JSON ({e})", 2) from e
    got = data.get("schemaVersion")
    if got != SCHEMA_VERSION:
        raise CutlineError(f"{what}: report schemaVersion {got!r}; this package reads {SCHEMA_VERSION} "
                           f"(cutline {data.get('cutlineVersion', '?')})", 2)
    return data


def _eps(ep: Union[str, Iterable[str], None]) -> list[str]:
    if ep is None:
        return []
    return [ep] if isinstance(ep, str) else list(ep)


def analyze(path: PathLike, ep: Union[str, Iterable[str], None] = None, **options: Any) -> AnalysisReport:
    """Predicts how ONNX Runtime partitions the model (``cutline analyze --format json``).

    ``ep``: ``coreml-neuralnetwork``, ``coreml-mlprogram``, ``nnapi``, a table file, or a list of them (default: both
    CoreML formats). Options: ``ort_version``, ``coreml_version``, ``static_shapes``, ``enable_subgraphs``,
    ``free_dims``, ``optimization``, ``rules``, ``ignore_shapes``, ``device``, ``device_profile``, ``compute_units``,
    ``cost_dims`` (``{"batch": 8}``: ``--cost-dim batch=8``, for the estimate only), ``sweep`` (``{"batch": [1, 2,
    4]}`` or ``"batch=1,2,4"``: the estimate at each value, in ``Analysis.sweep``)."""
    args = ["analyze", os.fspath(path), "--format", "json"] + _flags({"ep": _eps(ep), **options})
    return from_json(AnalysisReport, _parse(_run(args).stdout, "analyze"))


def inspect(path: PathLike, **options: Any) -> InspectReport:
    """What the model holds (``cutline inspect --format json``). Options: ``shapes``, ``optimized``,
    ``optimization``, ``free_dims``."""
    args = ["inspect", os.fspath(path), "--format", "json"] + _flags(options)
    return from_json(InspectReport, _parse(_run(args).stdout, "inspect"))


def lint(paths: Union[PathLike, Iterable[PathLike]], ep: Union[str, Iterable[str], None] = None,
         **options: Any) -> LintReport:
    """Lints models or directories (``cutline lint --format json``). Findings at the fail level do not raise: the
    report's ``exit_code`` is 1 and ``failed`` is True. Options: ``config``, ``max_partitions``, ``min_coverage``,
    ``max_overhead_ms``, ``forbid_op`` (list), ``fail_on``, ``baseline``, ``write_baseline`` and the analysis
    options of :func:`analyze`."""
    items = [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]
    args = ["lint", *items, "--format", "json"] + _flags({"ep": _eps(ep), **options})
    p = _run(args, ok=(0, 1))
    report = from_json(LintReport, _parse(p.stdout, "lint"))
    return LintReport(**{**report.__dict__, "exit_code": p.returncode})


def rules() -> RulesDocument:
    """Every lint rule (``cutline rules --format json``)."""
    return from_json(RulesDocument, _parse(_run(["rules", "--format", "json"]).stdout, "rules"))


def rewrite(path: PathLike, output: Optional[PathLike] = None, passes: Union[str, Iterable[str], None] = None,
            ep: Union[str, Iterable[str], None] = None, dry_run: bool = False, **options: Any) -> RewriteResult:
    """Rewrites the model for the EP (``cutline rewrite``) into ``output`` (never over the input), then analyses the
    model before and after. ``passes``: pass ids in order (``cutline rewrite --list-passes``); without them ``--auto`` keeps the passes
    that pay off on the first EP.
    ``dry_run=True`` (or no ``output``) writes nothing. Other options: ``auto``, ``dims`` (dict or list of NAME=VALUE,
    ``--dim``), ``inputs`` (``--input``), ``max_fold_elements``, ``keep_io_types`` and the analysis options."""
    analysis_keys = {"ort_version", "coreml_version", "static_shapes", "enable_subgraphs", "free_dims",
                     "optimization", "rules", "device", "device_profile", "compute_units", "cost_dims", "cost_dim"}
    renamed = dict(options)
    for plural, flag in (("dims", "dim"), ("inputs", "input")):
        if plural in renamed:
            v = renamed.pop(plural)
            renamed[flag] = [f"{k}={_dim_text(x)}" for k, x in v.items()] if isinstance(v, dict) else v
    if passes is None:
        renamed.setdefault("auto", True)
    dry = dry_run or output is None
    args = ["rewrite", os.fspath(path)]
    if not dry:
        args += ["-o", os.fspath(output)]
    args += _flags({"pass": _eps(passes), "ep": _eps(ep), "dry_run": dry, **renamed})
    log = _run(args).stdout
    shared = {k: v for k, v in options.items() if k in analysis_keys}
    before = analyze(path, ep=ep, **shared)
    after = None if dry else analyze(output, ep=ep, **shared)
    return RewriteResult(model=os.fspath(path), output=None if dry else os.fspath(output), log=log, before=before,
                         after=after)


def _dim_text(x: Any) -> str:
    return "x".join(map(str, x)) if isinstance(x, (list, tuple)) else str(x)


def version() -> str:
    """The executable's version (``cutline --version``)."""
    return _run(["--version"]).stdout.strip()
