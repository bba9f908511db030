import Foundation

/// `cutline analyze --format html`: one self-contained page (inline CSS and JS, no network) with the summary, a
/// partition strip per EP, a pannable graph view coloured by partition, the cut-maker ranking, per-node reasons and
/// the estimate. Given two reports (`--compare`), a before/after table comes first. Deterministic: the layout is in
/// the report, nothing depends on the clock.
public enum HTMLRenderer {
    public static let cpuColor = "#e15759"
    public static let droppedColor = "#f28e2b"
    /// Partition colours (no red or orange, which mean CPU).
    public static let palette = ["#4e79a7", "#59a14f", "#76b7b2", "#b07aa1", "#9c755f", "#edc948", "#499894",
                                 "#a0cbe8", "#8cd17d", "#d4a6c8", "#86bcb6", "#79706e"]

    public static func color(partition: Int, dropped: Bool) -> String {
        if partition >= 0 { return palette[partition % palette.count] }
        return dropped ? droppedColor : cpuColor
    }

    public static func render(_ reports: [GraphReport]) -> String {
        var body: [String] = []
        let title = reports.count == 2
            ? "cutline: \(reports[0].analysis.model) vs \(reports[1].analysis.model)"
            : "cutline: \(reports.first?.analysis.model ?? "")"
        body.append("<header><h1>\(esc(title))</h1><p class=\"legend\">"
            + "<span class=\"sw\" style=\"background:\(palette[0])\"></span><span class=\"sw\" style=\"background:\(palette[1])\"></span><span class=\"sw\" style=\"background:\(palette[2])\"></span> EP partitions "
            + "<span class=\"sw\" style=\"background:\(cpuColor)\"></span> CPU (unsupported) "
            + "<span class=\"sw\" style=\"background:\(droppedColor)\"></span> CPU (supported, trivial group dropped)</p></header>")
        if reports.count == 2 { body.append(compare(reports[0], reports[1])) }
        for (i, r) in reports.enumerated() {
            body.append(section(r, index: i, heading: reports.count == 2 ? (i == 0 ? "Before: " : "After: ") + r.analysis.model : nil))
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(esc(title))</title>
            <style>\(css)</style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            <script>\(js)</script>
            </body>
            </html>

            """
    }

    // MARK: sections

    static func compare(_ a: GraphReport, _ b: GraphReport) -> String {
        var rows: [String] = []
        for x in a.analysis.analyses {
            guard let j = b.analysis.analyses.firstIndex(where: { $0.ep == x.ep }) else { continue }
            let y = b.analysis.analyses[j]
            let ea = a.estimates[a.analysis.analyses.firstIndex(of: x) ?? 0] ?? nil
            let eb = b.estimates[j] ?? nil
            let est = (ea != nil || eb != nil)
                ? "\(ea.map { ms($0.withEpMs) } ?? "–") → \(eb.map { ms($0.withEpMs) } ?? "–")"
                : "–"
            rows.append("<tr><td>\(esc(x.ep))</td><td class=\"n\">\(x.partitionCount) → \(y.partitionCount)</td>"
                + "<td class=\"n\">\(x.supportedNodeCount)/\(x.nodeCount) → \(y.supportedNodeCount)/\(y.nodeCount)</td>"
                + "<td class=\"n\">\(pct(x.coverage)) → \(pct(y.coverage))</td><td class=\"n\">\(est)</td></tr>")
        }
        return """
            <section class="card"><h2>Before / after</h2>
            <p>\(esc(a.analysis.model)) → \(esc(b.analysis.model))</p>
            <table><thead><tr><th>EP</th><th>Partitions</th><th>Supported nodes</th><th>Coverage</th><th>Estimated run (with EP)</th></tr></thead>
            <tbody>\(rows.joined())</tbody></table></section>
            """
    }

    static func section(_ r: GraphReport, index: Int, heading: String?) -> String {
        let a = r.analysis
        var out: [String] = []
        out.append("<main class=\"report\" id=\"r\(index)\">")
        if let heading { out.append("<h2 class=\"model\">\(esc(heading))</h2>") }
        // Summary.
        var rows: [String] = []
        for (i, x) in a.analyses.enumerated() {
            let e = r.estimates.indices.contains(i) ? r.estimates[i] : nil
            let est = e.map { "\(esc($0.verdict)): \(ms($0.withEpMs)) with EP vs \(ms($0.cpuOnlyMs)) CPU only" } ?? "–"
            rows.append("<tr><td>\(esc(x.ep))</td><td class=\"n\">\(x.partitionCount)</td><td class=\"n\">\(x.supportedNodeCount) / \(x.nodeCount)</td>"
                + "<td class=\"n\">\(pct(x.coverage))</td><td>\(est)</td></tr>")
        }
        let g = a.graph
        out.append("""
            <section class="card"><h2>Summary</h2>
            <p>\(esc(a.model)): \(g.nodesAsWritten) nodes as written, \(g.nodesSeenByEP) as the EP sees them (optimization: \(esc(g.optimization)))\(g.valuesWithoutShape > 0 ? "; \(g.valuesWithoutShape) values without inferred shape" : "").</p>
            <table><thead><tr><th>EP</th><th>Partitions</th><th>Supported</th><th>Coverage</th><th>Estimate</th></tr></thead><tbody>\(rows.joined())</tbody></table>
            </section>
            """)
        // Partition strips.
        out.append("<section class=\"card\"><h2>Partition strip</h2><p class=\"hint\">Every node in topological order, left to right, coloured by where it runs. Labels mark the top cut-makers.</p>")
        for (i, x) in a.analyses.enumerated() where i < r.placements.count {
            out.append(strip(r, analysis: x, placement: r.placements[i]))
        }
        out.append("</section>")
        // Graph view.
        let epButtons = r.placements.enumerated().map { i, p in
            "<button type=\"button\" class=\"ep\(i == 0 ? " on" : "")\" data-ep=\"\(i)\">\(esc(p.ep))</button>"
        }.joined()
        out.append("""
            <section class="card"><h2>Graph</h2>
            <div class="toolbar">\(epButtons)<span class="gap"></span><button type="button" data-zoom="in">+</button><button type="button" data-zoom="out">−</button><button type="button" data-zoom="home">start</button><button type="button" data-zoom="all">whole graph</button>
            <span class="hint">drag to pan, wheel to zoom, click a node for details</span></div>
            <div class="graph">\(graphSVG(r))<div class="details" hidden></div></div>
            </section>
            """)
        // Cut-makers, reasons, estimate per EP.
        for (i, x) in a.analyses.enumerated() {
            out.append("<section class=\"card\"><h2>\(esc(x.ep))</h2>")
            out.append("<p class=\"logline\">\(esc(AnalysisTextRenderer.logLine(x)))</p>")
            for n in x.notes { out.append("<p class=\"hint\">note: \(esc(n))</p>") }
            if x.cutMakers.isEmpty {
                out.append("<p>No cut-makers: supporting no single op type or node would reduce the partition count.</p>")
            } else {
                let cm = x.cutMakers.prefix(20).map { c -> String in
                    let label = c.scope == "node" ? "\(c.nodes.first ?? c.opType) (\(c.opType))" : "every \(c.opType) (×\(c.nodes.count))"
                    return "<tr><td>\(esc(label))</td><td class=\"n\">\(x.partitionCount) → \(c.partitionsIfSupported)</td><td class=\"n\">\(x.partitionCount - c.partitionsIfSupported)</td></tr>"
                }.joined()
                out.append("<h3>Cut-makers</h3><table><thead><tr><th>If supported</th><th>Partitions</th><th>Saved</th></tr></thead><tbody>\(cm)</tbody></table>")
            }
            if !x.unsupportedNodes.isEmpty {
                let rows = x.unsupportedNodes.map { n in
                    "<tr><td>\(esc(n.node))</td><td>\(esc(n.opType))</td><td>" + n.reasons.map { "<b>\(esc($0.code))</b> \(esc($0.message))" }.joined(separator: "<br>") + "</td></tr>"
                }.joined()
                out.append("<details><summary>Why \(x.unsupportedNodes.count) node\(x.unsupportedNodes.count == 1 ? "" : "s") stay on the CPU</summary><table><thead><tr><th>Node</th><th>Op</th><th>Reasons</th></tr></thead><tbody>\(rows)</tbody></table></details>")
            }
            if !x.droppedTrivialNodes.isEmpty {
                out.append("<p>\(x.droppedTrivialNodes.count) supported node\(x.droppedTrivialNodes.count == 1 ? "" : "s") stay on the CPU because their group held only trivial ops.</p>")
            }
            if i < r.estimates.count, let e = r.estimates[i] {
                let rows = e.contributors.map { "<tr><td>\(esc($0.label))</td><td>\(esc($0.kind))</td><td class=\"n\">\(ms($0.ms))</td></tr>" }.joined()
                out.append("<h3>Estimate</h3><p>\(esc(e.paragraph))</p><table><thead><tr><th>Contributor</th><th>Kind</th><th>Time</th></tr></thead><tbody>\(rows)</tbody></table>")
            }
            if let sw = x.sweep, !sw.points.isEmpty {
                out.append(sweepSection(sw))
            }
            out.append("</section>")
        }
        out.append("<script type=\"application/json\" class=\"data\">\(jsonData(r))</script>")
        out.append("</main>")
        return out.joined(separator: "\n")
    }

    /// `--sweep`: latency (CPU, EP with its range as a band) and throughput against the swept dim, as two inline SVG
    /// plots on a log₂ x axis, and the numbers as a table.
    static func sweepSection(_ sw: AnalysisReport.Sweep) -> String {
        let pts = sw.points
        func plot(title: String, unit: String, series: [(name: String, color: String, ys: [Double])], band: ([Double], [Double])?) -> String {
            let w = 420.0, h = 200.0, l = 56.0, b = 28.0, t = 18.0, r = 12.0
            let xs = pts.map { log2(Double($0.value)) }
            let xMin = xs.min() ?? 0, xMax = max(xs.max() ?? 1, (xs.min() ?? 0) + 1)
            let all = series.flatMap(\.ys) + (band.map { $0.0 + $0.1 } ?? [])
            let yMax = max(all.max() ?? 1, 1e-9) * 1.1
            func px(_ x: Double) -> Double { l + (x - xMin) / (xMax - xMin) * (w - l - r) }
            func py(_ y: Double) -> Double { t + (1 - y / yMax) * (h - t - b) }
            func f(_ v: Double) -> String { String(format: "%.1f", v) }
            var g: [String] = []
            g.append("<line x1=\"\(f(l))\" y1=\"\(f(h - b))\" x2=\"\(f(w - r))\" y2=\"\(f(h - b))\" stroke=\"#888\"/>")
            g.append("<line x1=\"\(f(l))\" y1=\"\(f(t))\" x2=\"\(f(l))\" y2=\"\(f(h - b))\" stroke=\"#888\"/>")
            for (i, p) in pts.enumerated() {
                g.append("<text x=\"\(f(px(xs[i])))\" y=\"\(f(h - b + 14))\" font-size=\"10\" text-anchor=\"middle\">\(p.value)</text>")
            }
            for k in 0...4 {
                let y = yMax * Double(k) / 4
                g.append("<text x=\"\(f(l - 4))\" y=\"\(f(py(y) + 3))\" font-size=\"10\" text-anchor=\"end\">\(String(format: y >= 10 ? "%.0f" : "%.2f", y))</text>")
            }
            if let (lo, hi) = band {
                let upper = xs.indices.map { "\(f(px(xs[$0]))),\(f(py(hi[$0])))" }
                let lower = xs.indices.reversed().map { "\(f(px(xs[$0]))),\(f(py(lo[$0])))" }
                g.append("<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"#1f77b4\" fill-opacity=\"0.15\"/>")
            }
            for s in series {
                let line = xs.indices.map { "\(f(px(xs[$0]))),\(f(py(s.ys[$0])))" }.joined(separator: " ")
                g.append("<polyline points=\"\(line)\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"/>")
                for i in xs.indices { g.append("<circle cx=\"\(f(px(xs[i])))\" cy=\"\(f(py(s.ys[i])))\" r=\"3\" fill=\"\(s.color)\"/>") }
            }
            let legend = series.enumerated().map { i, s in
                "<text x=\"\(f(l + 8 + Double(i) * 90))\" y=\"12\" font-size=\"11\" fill=\"\(s.color)\">\(esc(s.name))</text>"
            }.joined()
            return "<figure class=\"sweep\"><figcaption>\(esc(title)) (\(esc(unit))) by \(esc(sw.dim))</figcaption><svg viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\">\(g.joined())\(legend)</svg></figure>"
        }
        let latency = plot(title: "Estimated latency", unit: "ms per run",
                           series: [("CPU", "#d62728", pts.map(\.cpuOnlyMs)), ("CoreML EP", "#1f77b4", pts.map(\.withEpMs))],
                           band: (pts.map(\.withEpLowMs), pts.map(\.withEpHighMs)))
        let throughput = plot(title: "Estimated throughput", unit: "\(sw.dim) per second",
                              series: [("CPU", "#d62728", pts.map(\.cpuPerSecond)), ("CoreML EP", "#1f77b4", pts.map(\.epPerSecond))],
                              band: nil)
        let rows = pts.map { p in
            "<tr><td class=\"n\">\(p.value)</td><td class=\"n\">\(ms(p.cpuOnlyMs))</td><td class=\"n\">\(ms(p.withEpMs)) (\(ms(p.withEpLowMs))–\(ms(p.withEpHighMs)))</td><td class=\"n\">\(String(format: "%.1f", p.cpuPerSecond))</td><td class=\"n\">\(String(format: "%.1f", p.epPerSecond))</td><td>\(esc(p.verdict))</td></tr>"
        }.joined()
        return "<h3>Sweep over \(esc(sw.dim)) (estimate only)</h3>\(latency)\(throughput)<table><thead><tr><th>\(esc(sw.dim))</th><th>CPU</th><th>CoreML EP (range)</th><th>CPU \(esc(sw.dim))/s</th><th>EP \(esc(sw.dim))/s</th><th>Verdict</th></tr></thead><tbody>\(rows)</tbody></table>"
    }

    /// One bar per node; cut-maker nodes get a labelled tick. SVG in viewBox units (1 per node), stretched to width.
    static func strip(_ r: GraphReport, analysis x: AnalysisReport.Analysis, placement p: GraphReport.Placement) -> String {
        let n = max(1, r.nodes.count)
        var rects: [String] = []
        var i = 0
        // Runs of one colour are drawn as one rect, which keeps big graphs small.
        while i < r.nodes.count {
            let c = color(partition: p.partition[i], dropped: p.dropped[i])
            var j = i + 1
            while j < r.nodes.count && color(partition: p.partition[j], dropped: p.dropped[j]) == c { j += 1 }
            rects.append("<rect x=\"\(i)\" y=\"0\" width=\"\(j - i)\" height=\"10\" fill=\"\(c)\"/>")
            i = j
        }
        let index = Dictionary(r.nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var labels: [String] = []
        var used = Set<Int>()
        // Labels go on the first row where they do not overlap the previous one (widths estimated for a ~1300 px
        // strip); labels near the right end are right-aligned so they stay inside.
        var rowEnds: [Double] = []
        for c in x.cutMakers.prefix(6) {
            guard let first = c.nodes.first, let k = index[first], used.insert(k).inserted else { continue }
            let left = (Double(k) + 0.5) / Double(n) * 100
            let label = c.scope == "node" ? (first.split(separator: "/").last.map(String.init) ?? first) : "\(c.opType) ×\(c.nodes.count)"
            let width = Double(label.count + 2) * 6.2 / 13
            let rightAligned = left + width / 2 > 100
            let leftAligned = !rightAligned && left - width / 2 < 0
            let start = rightAligned ? left - width : (leftAligned ? left : left - width / 2)
            let row = rowEnds.firstIndex { $0 < start } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(0) }
            rowEnds[row] = start + width + 0.5
            let shift = rightAligned ? "translateX(-100%)" : (leftAligned ? "translateX(-6px)" : "translateX(-50%)")
            labels.append("<span class=\"cut\" style=\"left:\(String(format: "%.3f", left))%;top:\(row * 16)px;transform:\(shift)\" title=\"\(esc(first)) (\(esc(c.opType))): \(x.partitionCount) → \(c.partitionsIfSupported) partitions\">▲ \(esc(label))</span>")
        }
        return """
            <div class="strip"><div class="stripname">\(esc(x.ep)) · \(x.partitionCount) partition\(x.partitionCount == 1 ? "" : "s") · \(pct(x.coverage))</div>
            <svg viewBox="0 0 \(n) 10" preserveAspectRatio="none" class="bar" role="img" aria-label="partition strip \(esc(x.ep))">\(rects.joined())</svg>
            <div class="cuts" style="height:\(max(1, rowEnds.count) * 16 + 2)px">\(labels.joined())</div></div>
            """
    }

    static let nodeW = 120, nodeH = 26, colW = 170, rowH = 40, pad = 20

    static func graphSVG(_ r: GraphReport) -> String {
        let cols = (r.nodes.map(\.layer).max() ?? 0) + 1
        let rows = (r.nodes.map(\.slot).max() ?? 0) + 1
        let w = pad * 2 + cols * colW, h = pad * 2 + rows * rowH
        func x(_ i: Int) -> Int { pad + r.nodes[i].layer * colW }
        func y(_ i: Int) -> Int { pad + r.nodes[i].slot * rowH }
        var edges: [String] = []
        for e in r.edges {
            let x1 = x(e.from) + nodeW, y1 = y(e.from) + nodeH / 2, x2 = x(e.to), y2 = y(e.to) + nodeH / 2
            let mid = (x1 + x2) / 2
            edges.append("M\(x1) \(y1)C\(mid) \(y1) \(mid) \(y2) \(x2) \(y2)")
        }
        let p0 = r.placements.first
        var nodes: [String] = []
        for (i, n) in r.nodes.enumerated() {
            let c = p0.map { color(partition: $0.partition[i], dropped: $0.dropped[i]) } ?? palette[0]
            let op = n.opType.count > 16 ? String(n.opType.prefix(15)) + "…" : n.opType
            nodes.append("<g class=\"n\" data-i=\"\(i)\" transform=\"translate(\(x(i)) \(y(i)))\"><rect width=\"\(nodeW)\" height=\"\(nodeH)\" rx=\"4\" fill=\"\(c)\"/><text x=\"6\" y=\"17\">\(esc(op))</text><title>\(esc(n.name)) (\(esc(n.opType)))</title></g>")
        }
        return "<svg class=\"canvas\" data-w=\"\(w)\" data-h=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" xmlns=\"http://www.w3.org/2000/svg\"><path class=\"edges\" d=\"\(edges.joined())\"/>\(nodes.joined())</svg>"
    }

    /// What the page script needs: per EP the partition of each node, and the reasons of unsupported nodes.
    static func jsonData(_ r: GraphReport) -> String {
        struct NodeInfo: Encodable { var name: String; var op: String }
        struct EPInfo: Encodable {
            var ep: String
            var partition: [Int]
            var dropped: [Int]
            var reasons: [String: [String]]
        }
        struct Payload: Encodable {
            var nodes: [NodeInfo]
            var eps: [EPInfo]
            var cpu: String
            var dropped: String
            var palette: [String]
        }
        let eps = r.placements.enumerated().map { i, p -> EPInfo in
            var reasons: [String: [String]] = [:]
            if i < r.analysis.analyses.count {
                for u in r.analysis.analyses[i].unsupportedNodes { reasons[u.node] = u.reasons.map { "\($0.code) \($0.message)" } }
            }
            return EPInfo(ep: p.ep, partition: p.partition, dropped: p.dropped.enumerated().filter(\.element).map(\.offset), reasons: reasons)
        }
        let payload = Payload(nodes: r.nodes.map { NodeInfo(name: $0.name, op: $0.opType) }, eps: eps, cpu: cpuColor,
                              dropped: droppedColor, palette: palette)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = (try? enc.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        // `</` cannot appear inside a script element.
        return text.replacingOccurrences(of: "</", with: "<\\/")
    }

    // MARK: helpers

    public static func esc(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
    static func ms(_ v: Double) -> String { v >= 100 ? String(format: "%.0f ms", v) : (v >= 1 ? String(format: "%.2f ms", v) : String(format: "%.3f ms", v)) }

    static let css = """
        body{font:14px/1.45 -apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
        header{background:#1d2330;color:#fff;padding:14px 24px}header h1{font-size:18px;margin:0 0 4px}
        .legend{margin:0;font-size:12px;opacity:.9}.sw{display:inline-block;width:12px;height:12px;margin:0 2px 0 10px;vertical-align:-2px;border-radius:2px}
        .card{background:#fff;margin:14px 24px;padding:12px 18px;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        h2{font-size:16px;margin:4px 0 10px}h2.model{margin:18px 24px 0}h3{font-size:14px;margin:14px 0 6px}
        table{border-collapse:collapse;font-size:13px}th,td{padding:4px 10px;border-bottom:1px solid #e3e6eb;text-align:left;vertical-align:top}
        th{background:#f0f2f5}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .hint{color:#5f6b7a;font-size:12px}.logline{font-family:ui-monospace,Menlo,monospace;font-size:12px;color:#3a4658}
        .strip{margin:8px 0 18px}.stripname{font-weight:600;font-size:13px;margin-bottom:3px}
        svg.bar{width:100%;height:26px;display:block;border:1px solid #cfd5dd}
        .cuts{position:relative}.cut{position:absolute;font-size:11px;white-space:nowrap;color:#8a1c1c}
        .toolbar{margin-bottom:6px}.toolbar button{font:inherit;margin-right:4px;padding:2px 10px;border:1px solid #b8c0cc;background:#fff;border-radius:4px;cursor:pointer}
        .toolbar button.on{background:#1d2330;color:#fff}.gap{display:inline-block;width:16px}
        .graph{position:relative;height:560px;border:1px solid #cfd5dd;overflow:hidden;background:#fbfcfd;cursor:grab}
        svg.canvas{width:100%;height:100%;display:block}
        .edges{fill:none;stroke:#9aa4b2;stroke-width:1.2}
        g.n text{font:12px ui-monospace,Menlo,monospace;fill:#fff;pointer-events:none}g.n{cursor:pointer}g.n.sel rect{stroke:#000;stroke-width:3}
        .details{position:absolute;right:8px;top:8px;max-width:420px;max-height:90%;overflow:auto;background:#fff;border:1px solid #b8c0cc;border-radius:6px;padding:8px 12px;font-size:12px;box-shadow:0 2px 8px rgba(0,0,0,.15)}
        details summary{cursor:pointer;margin:8px 0}
        """

    static let js = """
        (function(){
        'use strict';
        function colorOf(d,ep,i){var p=ep.partition[i];if(p>=0){return d.palette[p%d.palette.length];}return ep.droppedSet[i]?d.dropped:d.cpu;}
        function setup(report){
          var dataEl=report.querySelector('script.data');var svg=report.querySelector('svg.canvas');
          if(!dataEl||!svg){return;}
          var d=JSON.parse(dataEl.textContent);
          d.eps.forEach(function(ep){ep.droppedSet={};ep.dropped.forEach(function(i){ep.droppedSet[i]=true;});});
          var nodes=svg.querySelectorAll('g.n');var details=report.querySelector('.details');
          var W=+svg.getAttribute('data-w'),H=+svg.getAttribute('data-h');
          var cur=0,sel=-1,view={x:0,y:0,w:W,h:H};
          function apply(){svg.setAttribute('viewBox',view.x+' '+view.y+' '+view.w+' '+view.h);}
          function aspect(){var b=svg.getBoundingClientRect();return b.width>0&&b.height>0?b.width/b.height:2;}
          function home(){var b=svg.getBoundingClientRect();var a=aspect();var h=Math.max(H,b.height||H);view={x:0,y:0,w:h*a,h:h};apply();}
          function all(){var a=aspect();if(W/H>a){view={x:0,y:-(W/a-H)/2,w:W,h:W/a};}else{view={x:-(H*a-W)/2,y:0,w:H*a,h:H};}apply();}
          function zoom(f,cx,cy){var nw=view.w*f,nh=view.h*f;view.x=cx-(cx-view.x)*f;view.y=cy-(cy-view.y)*f;view.w=nw;view.h=nh;apply();}
          function paint(){var ep=d.eps[cur];if(!ep){return;}for(var k=0;k<nodes.length;k++){var i=+nodes[k].getAttribute('data-i');nodes[k].firstChild.setAttribute('fill',colorOf(d,ep,i));}}
          function show(i){sel=i;for(var k=0;k<nodes.length;k++){nodes[k].classList.toggle('sel',+nodes[k].getAttribute('data-i')===i);}
            if(i<0){details.hidden=true;return;}var n=d.nodes[i],ep=d.eps[cur];var p=ep.partition[i];
            var where=p>=0?'partition #'+p:(ep.droppedSet[i]?'CPU (trivial group dropped)':'CPU');
            details.textContent='';var h=document.createElement('b');h.textContent=n.name;details.appendChild(h);
            var m=document.createElement('div');m.textContent=n.op+' \\u00b7 '+ep.ep+': '+where;details.appendChild(m);
            (ep.reasons[n.name]||[]).forEach(function(r){var e=document.createElement('div');e.className='hint';e.textContent=r;details.appendChild(e);});
            details.hidden=false;}
          report.querySelectorAll('button.ep').forEach(function(b){b.addEventListener('click',function(){
            cur=+b.getAttribute('data-ep');report.querySelectorAll('button.ep').forEach(function(o){o.classList.toggle('on',o===b);});paint();if(sel>=0){show(sel);}});});
          report.querySelectorAll('button[data-zoom]').forEach(function(b){b.addEventListener('click',function(){
            var z=b.getAttribute('data-zoom');if(z==='home'){home();}else if(z==='all'){all();}else{zoom(z==='in'?0.7:1/0.7,view.x+view.w/2,view.y+view.h/2);}});});
          function toUser(ev){var box=svg.getBoundingClientRect();return{x:view.x+(ev.clientX-box.left)/box.width*view.w,y:view.y+(ev.clientY-box.top)/box.height*view.h};}
          svg.addEventListener('wheel',function(ev){ev.preventDefault();var p=toUser(ev);zoom(ev.deltaY>0?1.15:1/1.15,p.x,p.y);},{passive:false});
          var drag=null;
          svg.addEventListener('mousedown',function(ev){drag={x:ev.clientX,y:ev.clientY,vx:view.x,vy:view.y,moved:false};});
          window.addEventListener('mousemove',function(ev){if(!drag){return;}var box=svg.getBoundingClientRect();if(box.width<=0){return;}
            var dx=(ev.clientX-drag.x)/box.width*view.w,dy=(ev.clientY-drag.y)/box.height*view.h;
            if(Math.abs(ev.clientX-drag.x)+Math.abs(ev.clientY-drag.y)>3){drag.moved=true;}view.x=drag.vx-dx;view.y=drag.vy-dy;apply();});
          window.addEventListener('mouseup',function(ev){if(!drag){return;}var moved=drag.moved;drag=null;if(moved){return;}
            var g=ev.target&&ev.target.closest?ev.target.closest('g.n'):null;show(g&&svg.contains(g)?+g.getAttribute('data-i'):-1);});
          home();paint();
        }
        document.querySelectorAll('main.report').forEach(setup);
        })();
        """
}
