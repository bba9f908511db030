"""Typed views of Cutline's JSON reports (docs/schema/*.schema.json).

Every dataclass here has one attribute per property of its JSON Schema object, in snake_case (``nodeCount`` becomes
``node_count``); optional properties that a report leaves out are ``None``. ``python/tests/test_api.py`` checks the
field lists against the published schemas, so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import keyword
import re
import typing
from dataclasses import dataclass
from typing import Any, Optional, Union

#: The report layout this package reads (each report's ``schemaVersion``).
SCHEMA_VERSION = 1

Dim = Union[int, str, None]


def snake(name: str) -> str:
    """``nodeCount`` -> ``node_count``; ``nodesSeenByEP`` -> ``nodes_seen_by_ep``."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s).lower()


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is Union:
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _convert(inner[0], value)
        return value
    if origin is list:
        return [_convert(args[0], v) for v in value]
    if origin is dict:
        return {k: _convert(args[1], v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return from_json(tp, value)
    return value


def from_json(cls: Any, data: dict) -> Any:
    """Builds ``cls`` from a JSON object: each camelCase key to its snake_case field, nested objects to their
    dataclasses. Keys the dataclass does not know are kept in ``extra`` where the class has one, else ignored."""
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        name = snake(key)
        if keyword.iskeyword(name):
            name += "_"
        if name in names and name != "extra":
            kwargs[name] = _convert(hints[name], value)
        else:
            extra[key] = value
    if "extra" in names:
        kwargs["extra"] = extra
    return cls(**kwargs)


# --- analyze -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GraphInfo:
    """The graph as analysed."""

    nodes_as_written: int
    """Main-graph nodes in the file."""
    nodes_seen_by_ep: int
    """Nodes after ORT's graph optimizations: what the EP is offered."""
    optimization: str
    """``none`` or ``basic``: the optimizations applied before partitioning."""
    values_without_shape: int
    """Values whose type or shape stayed unknown after inference."""
    ort_version: str
    """The ONNX Runtime release simulated (``ort_version=``, ``--ort-version``)."""


@dataclass(frozen=True)
class Options:
    """The analysis options in force."""

    ort_version: str
    static_shapes: bool
    enable_subgraphs: bool
    rules: str
    """``full`` or ``ort-checker``."""
    free_dims: dict[str, int]
    coreml_version: Optional[int] = None


@dataclass(frozen=True)
class TensorRef:
    """A tensor crossing a partition boundary."""

    name: str
    dtype: Optional[str] = None
    shape: Optional[list[Dim]] = None
    bytes: Optional[int] = None
    """Size in bytes when the dtype and every dim are known."""


@dataclass(frozen=True)
class Partition:
    """One group of nodes the EP runs as a single compiled model."""

    index: int
    node_count: int
    nodes: list[str]
    op_types: dict[str, int]
    inputs: list[TensorRef]
    outputs: list[TensorRef]


@dataclass(frozen=True)
class Reason:
    """Why the EP does not take a node: a stable code and a sentence."""

    code: str
    message: str


@dataclass(frozen=True)
class UnsupportedNode:
    """A node left to the CPU, with every reason."""

    node: str
    op_type: str
    reasons: list[Reason]


@dataclass(frozen=True)
class CutMaker:
    """What the partition count would be if these unsupported nodes were supported."""

    scope: str
    """``opType`` (every node of the type at once) or ``node`` (this one node)."""
    op_type: str
    nodes: list[str]
    partitions_if_supported: int


@dataclass(frozen=True)
class SubgraphAnalysis:
    """One If/Loop/Scan body partitioned on its own (``enable_subgraphs=True``)."""

    path: str
    node_count: int
    supported_node_count: int
    partition_count: int
    partitions: list[Partition]


@dataclass(frozen=True)
class Contributor:
    """One line of the estimate's breakdown."""

    kind: str
    label: str
    ms: float


@dataclass(frozen=True)
class Estimate:
    """The cost model's estimate (docs/COST.md). Times are per inference call in milliseconds; ``compile_ms`` is paid
    once, at session creation."""

    profile: str
    """The device profile's name (``device=``, or the ``device_profile=`` file's)."""
    cpu_only_ms: float
    with_ep_ms: float
    """The point estimate with the EP."""
    with_ep_low_ms: float
    """Low end of ``with_ep_ms``'s range (the fit's error)."""
    with_ep_high_ms: float
    """High end of ``with_ep_ms``'s range."""
    ep_nodes_cpu_ms: float
    """What the EP's nodes would take on the CPU (part of ``cpu_only_ms``)."""
    compute_units: str
    """The MLComputeUnits assumed: ``all``, ``cpu-and-neural-engine``, ``cpu-and-gpu`` or ``cpu-only``."""
    guessed_dims: list[str]
    """Dims the estimate had to guess (``NAME=VALUE``, ``unnamed dims=VALUE``); empty when every dim was given."""
    dispatch_overhead_ms: float
    """Round-trip marshalling per partition plus per-op CoreML dispatch."""
    transfer_ms: float
    """Boundary copies at the profile's copy bandwidth."""
    transitions: int
    """Boundary crossings: each value entering or leaving a partition counts once per partition."""
    boundary_bytes: int
    """Bytes of every boundary tensor (copied or wrapped)."""
    copied_bytes: int
    """Bytes actually copied at the boundaries."""
    compiles: int
    """CoreML model compiles at session creation (one per partition)."""
    compile_ms: float
    partitions: int
    ep_nodes: int
    cpu_nodes: int
    verdict: str
    """``ep`` or ``cpu`` when the whole range is clearly faster one way, else ``uncertain``: whether enabling the EP
    is expected to pay off."""
    assumptions: list[str]
    """Every default and approximation the numbers rest on, sorted."""
    contributors: list[Contributor]
    """The largest parts of ``with_ep_ms``, largest first."""

    @property
    def ratio(self) -> float:
        """``with_ep_ms / cpu_only_ms``; below 1 the EP path is faster."""
        return self.with_ep_ms / self.cpu_only_ms if self.cpu_only_ms > 0 else 1.0


@dataclass(frozen=True)
class Pass:
    """One partitioning pass over the main graph (see ``Analysis.passes``)."""

    kind: str
    """``inline-functions-aot`` (ORT's look at the graph before inlining model-local functions; it assigns nothing),
    ``partition`` (the first partitioning: the analysis's own numbers) or ``after-inlining`` (a pass after inlining
    function ops)."""
    node_count: int
    supported_node_count: int
    partition_count: int
    inlined: list[str]
    """The nodes this pass inlined before it ran (function ops no EP took and with no CPU kernel)."""
    partitions: list[Partition]
    unsupported_nodes: list[UnsupportedNode]
    """The nodes the EP's support check rejected in this pass."""


@dataclass(frozen=True)
class VersionComparison:
    """One EP's numbers with another ONNX Runtime release."""

    ort_version: str
    node_count: int
    supported_node_count: int
    partition_count: int
    since_version: str
    """The first release from which every later modelled release gives this answer (the release to upgrade to)."""


@dataclass(frozen=True)
class SweepPoint:
    """The estimate at one value of the swept dim."""

    value: int
    cpu_only_ms: float
    with_ep_ms: float
    with_ep_low_ms: float
    with_ep_high_ms: float
    cpu_per_second: float
    """Items per second on the CPU alone (``value`` items per run)."""
    ep_per_second: float
    """Items per second with the EP."""
    verdict: str


@dataclass(frozen=True)
class Sweep:
    """The estimate at several values of one symbolic dim (``sweep="batch=1,2,4"``, ``--sweep``)."""

    dim: str
    points: list[SweepPoint]


@dataclass(frozen=True)
class Analysis:
    """One execution provider's predicted partitioning of the model."""

    ep: str
    options: Options
    node_count: int
    supported_node_count: int
    partition_count: int
    coverage: float
    """``supported_node_count / node_count``, 0 to 1."""
    partitions: list[Partition]
    unsupported_nodes: list[UnsupportedNode]
    cut_makers: list[CutMaker]
    dropped_trivial_nodes: list[str]
    """Supported nodes that fell back to the CPU because their group held only trivial ops."""
    notes: list[str]
    subgraphs: Optional[list[SubgraphAnalysis]] = None
    estimate: Optional[Estimate] = None
    """Absent with ``rules="ort-checker"``."""
    session_problems: Optional[list[str]] = None
    """Why ONNX Runtime would not create a session with this model and EP at all (None when nothing is predicted to
    fail); the numbers above are then what the EP decided before the failure."""
    passes: Optional[list[Pass]] = None
    """Every partitioning pass over the main graph, when there is more than one (ORT inlines function ops no EP took
    and with no CPU kernel, or model-local functions, and asks the EP again). The fields above are the ``partition``
    pass."""
    final_partition_count: Optional[int] = None
    """With ``passes``: the partitions of the ``partition`` pass and of the passes after inlining."""
    final_supported_node_count: Optional[int] = None
    """With ``passes``: the supported nodes of the ``partition`` pass and of the passes after inlining."""
    latest_ort: Optional[VersionComparison] = None
    """The same EP's answer with the latest modelled ONNX Runtime release, when another release was selected and the
    answer differs."""
    sweep: Optional[Sweep] = None
    """Only with ``sweep=``."""


@dataclass(frozen=True)
class AnalysisReport:
    """What ``cutline analyze --format json`` reports (docs/schema/analyze.schema.json).

    ``partitions``, ``partition_count``, ``coverage`` and ``estimate`` are those of the first EP analysed (the one
    passed as ``ep=``; by default coreml-neuralnetwork, then coreml-mlprogram): see ``analyses`` for all of them.
    In Jupyter the report shows itself as a summary table and a partition strip per EP.
    """

    schema_version: int
    cutline_version: str
    model: str
    graph: GraphInfo
    analyses: list[Analysis]

    @property
    def partitions(self) -> list[Partition]:
        return self.analyses[0].partitions if self.analyses else []

    @property
    def partition_count(self) -> int:
        return self.analyses[0].partition_count if self.analyses else 0

    @property
    def coverage(self) -> float:
        return self.analyses[0].coverage if self.analyses else 0.0

    @property
    def estimate(self) -> Optional[Estimate]:
        return self.analyses[0].estimate if self.analyses else None

    def analysis(self, ep: str) -> Analysis:
        """The analysis for one EP by name."""
        for a in self.analyses:
            if a.ep == ep:
                return a
        raise KeyError(ep)

    def node_rows(self) -> list[dict[str, Any]]:
        """One row per (EP, node): partition index (None on the CPU), op type, and the reasons for CPU nodes."""
        rows: list[dict[str, Any]] = []
        for a in self.analyses:
            for p in a.partitions:
                for n in p.nodes:
                    rows.append({"ep": a.ep, "node": n, "op_type": None, "placement": "ep", "partition": p.index,
                                 "reason_codes": "", "reasons": ""})
            for u in a.unsupported_nodes:
                rows.append({"ep": a.ep, "node": u.node, "op_type": u.op_type, "placement": "cpu", "partition": None,
                             "reason_codes": ",".join(r.code for r in u.reasons),
                             "reasons": "; ".join(r.message for r in u.reasons)})
            for n in a.dropped_trivial_nodes:
                rows.append({"ep": a.ep, "node": n, "op_type": None, "placement": "cpu (dropped: trivial-only group)",
                             "partition": None, "reason_codes": "", "reasons": ""})
        return rows

    def to_pandas(self):  # -> pandas.DataFrame
        """The per-node table as a pandas DataFrame (columns ep, node, op_type, placement, partition, reason_codes,
        reasons). Needs pandas (``pip install pandas``)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas() needs pandas: pip install pandas") from e
        return pd.DataFrame(self.node_rows(), columns=["ep", "node", "op_type", "placement", "partition",
                                                       "reason_codes", "reasons"])

    def _repr_html_(self) -> str:
        from ._html import analysis_html

        return analysis_html(self)


# --- inspect -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Opset:
    domain: str
    version: int


@dataclass(frozen=True)
class TensorInfo:
    """A graph input or output; ``shape`` is None when the rank is unknown."""

    name: str
    dtype: Optional[str] = None
    shape: Optional[list[Dim]] = None


@dataclass(frozen=True)
class FunctionInfo:
    domain: str
    name: str
    node_count: int


@dataclass(frozen=True)
class GraphSummary:
    """The graph the EP sees (``optimized=True``)."""

    ort_version: str
    """The ONNX Runtime release whose optimizer was simulated."""
    node_count: int
    op_histogram: dict[str, int]
    initializer_count: int
    shapes: Optional[list[ValueShape]] = None
    """With ``shapes=True``: every value's type as the EP's support checks read it, on this graph."""


@dataclass(frozen=True)
class ValueShape:
    """One value's inferred type, or (``unknown_reason``) where inference stopped and why."""

    graph: str
    name: str
    dtype: Optional[str] = None
    shape: Optional[list[Dim]] = None
    unknown_reason: Optional[str] = None


@dataclass(frozen=True)
class InspectReport:
    """What ``cutline inspect --format json`` reports (docs/schema/inspect.schema.json)."""

    schema_version: int
    cutline_version: str
    model: str
    ir_version: int
    producer_name: str
    producer_version: str
    opset_imports: list[Opset]
    graph_name: str
    node_count: int
    subgraph_node_count: int
    op_histogram: dict[str, int]
    inputs: list[TensorInfo]
    outputs: list[TensorInfo]
    initializer_count: int
    initializer_bytes: int
    external_data_files: list[str]
    functions: list[FunctionInfo]
    metadata: dict[str, str]
    optimized: Optional[GraphSummary] = None
    shapes: Optional[list[ValueShape]] = None


# --- lint ----------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    """A lint rule (``cutline explain CODE``)."""

    code: str
    name: str
    category: str
    summary: str
    rationale: str
    example: str
    remedy: str
    severity: str
    """Default severity: ``info``, ``warning`` or ``error``."""
    pass_: Optional[str] = None
    """The ``cutline rewrite`` pass that fixes it (JSON ``pass``)."""


@dataclass(frozen=True)
class EPResult:
    ep: str
    node_count: int
    supported_node_count: int
    partition_count: int
    coverage: float
    estimate_verdict: Optional[str] = None


@dataclass(frozen=True)
class ModelResult:
    path: str
    analyses: list[EPResult]


@dataclass(frozen=True)
class Finding:
    """One diagnostic: a stable code at one place of one model, for one EP (or for the model as a whole)."""

    code: str
    name: str
    severity: str
    model: str
    message: str
    fingerprint: str
    baselined: bool
    ep: Optional[str] = None
    node: Optional[str] = None
    tensor: Optional[str] = None
    op_type: Optional[str] = None
    help: Optional[str] = None


@dataclass(frozen=True)
class BaselineEntry:
    code: str
    model: str
    fingerprint: str
    ep: Optional[str] = None
    location: Optional[str] = None


@dataclass(frozen=True)
class LintReport:
    """What ``cutline lint --format json`` reports (docs/schema/lint.schema.json). ``exit_code`` is the command's:
    1 when findings reach the fail level, else 0."""

    schema_version: int
    cutline_version: str
    fail_on: str
    models: list[ModelResult]
    findings: list[Finding]
    stale_baseline_entries: list[BaselineEntry]
    rules: list[Rule]
    baseline: Optional[str] = None
    exit_code: int = 0

    @property
    def failed(self) -> bool:
        """True when the run would fail CI (exit code 1)."""
        return self.exit_code == 1


@dataclass(frozen=True)
class RulesDocument:
    """What ``cutline rules --format json`` reports (docs/schema/rules.schema.json)."""

    schema_version: int
    cutline_version: str
    rules: list[Rule]


@dataclass(frozen=True)
class RewriteResult:
    """What ``cutline.rewrite`` did: the pass log ``cutline rewrite`` printed, and both models analysed."""

    model: str
    output: Optional[str]
    """The rewritten model (None on a dry run)."""
    log: str
    """The text ``cutline rewrite`` printed: passes applied or skipped, before/after table."""
    before: AnalysisReport
    after: Optional[AnalysisReport]

    def _repr_html_(self) -> str:
        from ._html import analysis_html

        parts = [f"<pre>{_escape(self.log)}</pre>", analysis_html(self.before, title="Before")]
        if self.after is not None:
            parts.append(analysis_html(self.after, title="After"))
        return "\n".join(parts)


def _escape(s: str) -> str:
    import html

    return html.escape(s)
