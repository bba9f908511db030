"""The notebook view of an analysis: a summary table and, per EP, a strip of its partitions."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._reports import AnalysisReport

# The HTML report's colours (Sources/CutlineReport/HTMLRenderer.swift): partitions never red or orange, which mean CPU.
CPU = "#e15759"
DROPPED = "#f28e2b"
PALETTE = ["#4e79a7", "#59a14f", "#76b7b2", "#b07aa1", "#9c755f", "#edc948", "#499894", "#a0cbe8", "#8cd17d",
           "#d4a6c8", "#86bcb6", "#79706e"]


def _strip(a) -> str:
    segments = [(f"partition {p.index}: {p.node_count} nodes", p.node_count, PALETTE[p.index % len(PALETTE)])
                for p in a.partitions]
    if a.unsupported_nodes:
        segments.append((f"CPU: {len(a.unsupported_nodes)} unsupported nodes", len(a.unsupported_nodes), CPU))
    if a.dropped_trivial_nodes:
        segments.append((f"CPU: {len(a.dropped_trivial_nodes)} supported nodes dropped (trivial-only group)",
                         len(a.dropped_trivial_nodes), DROPPED))
    total = sum(n for _, n, _ in segments) or 1
    cells = "".join(
        f'<div title="{escape(label)}" style="flex:{n} 0 0;min-width:2px;background:{color};height:18px;'
        f'border-right:1px solid #fff"></div>'
        for label, n, color in segments)
    return (f'<div style="display:flex;width:100%;max-width:720px;border-radius:3px;overflow:hidden;'
            f'border:1px solid #ccc" aria-label="{escape(a.ep)} partitions">{cells}</div>'
            f'<div style="font-size:11px;color:#555;margin:2px 0 8px">{len(a.partitions)} partition'
            f'{"" if len(a.partitions) == 1 else "s"} · {total} nodes; width ∝ node count; '
            f'<span style="color:{CPU}">■</span> CPU <span style="color:{DROPPED}">■</span> dropped</div>')


def analysis_html(r: "AnalysisReport", title: str | None = None) -> str:
    """The report as HTML: the model, one summary row per EP, then each EP's partition strip."""
    head = "<tr>" + "".join(f'<th style="text-align:left;padding:2px 8px">{h}</th>' for h in
                            ["EP", "nodes", "supported", "coverage", "partitions", "CPU nodes", "est. ms (EP / CPU)",
                             "verdict"]) + "</tr>"
    rows = []
    for a in r.analyses:
        e = a.estimate
        est = f"{e.with_ep_ms:.3f} / {e.cpu_only_ms:.3f}" if e else "–"
        verdict = escape(e.verdict) if e else "–"
        cells = [escape(a.ep), a.node_count, a.supported_node_count, f"{a.coverage * 100:.1f}%", a.partition_count,
                 len(a.unsupported_nodes) + len(a.dropped_trivial_nodes), est, verdict]
        rows.append("<tr>" + "".join(f'<td style="padding:2px 8px">{c}</td>' for c in cells) + "</tr>")
    strips = "".join(f'<div style="font-size:12px;margin-top:6px"><b>{escape(a.ep)}</b></div>{_strip(a)}'
                     for a in r.analyses)
    g = r.graph
    caption = (f"{escape(title) + ': ' if title else ''}<b>{escape(r.model)}</b> · {g.nodes_as_written} nodes as "
               f"written, {g.nodes_seen_by_ep} seen by the EP (optimization {escape(g.optimization)}) · "
               f"cutline {escape(r.cutline_version)}")
    return (f'<div class="cutline-analysis" style="font-family:-apple-system,Segoe UI,Roboto,DejaVu Sans,sans-serif;'
            f'font-size:13px"><div style="margin-bottom:4px">{caption}</div>'
            f'<table style="border-collapse:collapse">{head}{"".join(rows)}</table>{strips}</div>')
