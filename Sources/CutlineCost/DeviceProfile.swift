/// A number with the public source (or the stated assumption) it comes from, so every input of an estimate can be
/// checked by the reader.
public struct Figure: Hashable, Sendable, Codable {
    public var value: Double
    public var source: String

    public init(_ value: Double, source: String) {
        self.value = value
        self.source = source
    }
}

/// One compute unit's roofline: achievable throughput is `peakGflops × efficiency`; memory-bound work runs at
/// `memoryBandwidthGBs`.
public struct ComputeUnit: Hashable, Sendable, Codable {
    public var peakGflops: Figure
    /// Fraction of the peak reached on dense kernels (0 < efficiency ≤ 1).
    public var efficiency: Figure
    public var memoryBandwidthGBs: Figure
    /// Fixed cost of running one node on this unit, outside any EP dispatch cost.
    public var perNodeOverheadUs: Figure?

    public init(peakGflops: Figure, efficiency: Figure, memoryBandwidthGBs: Figure, perNodeOverheadUs: Figure? = nil) {
        self.peakGflops = peakGflops
        self.efficiency = efficiency
        self.memoryBandwidthGBs = memoryBandwidthGBs
        self.perNodeOverheadUs = perNodeOverheadUs
    }

    /// Roofline time of `work` in microseconds, without the per-node overhead.
    public func rooflineUs(_ work: OpWork) -> Double {
        let gflops = max(peakGflops.value * efficiency.value, 1e-9)
        let compute = work.flops / (gflops * 1e3)
        let memory = work.bytes / (max(memoryBandwidthGBs.value, 1e-9) * 1e3)
        return max(compute, memory)
    }
}

/// The CoreML execution provider's fixed costs (ORT's fused CoreML kernel, see docs/COST.md).
public struct EPOverheads: Hashable, Sendable, Codable {
    /// Marshalling for one CPU → partition → CPU round trip per inference call.
    public var partitionRoundTripUs: Figure
    /// CoreML dispatch per op inside a partition.
    public var perOpDispatchUs: Figure
    /// Compiling one partition's CoreML model at session creation (paid once, reported apart from run time).
    public var compileMsPerPartition: Figure
    /// Bandwidth of the boundary copies (int64 → int32 inputs, bool → int32 inputs, every output).
    public var copyBandwidthGBs: Figure

    public init(partitionRoundTripUs: Figure, perOpDispatchUs: Figure, compileMsPerPartition: Figure,
                copyBandwidthGBs: Figure) {
        self.partitionRoundTripUs = partitionRoundTripUs
        self.perOpDispatchUs = perOpDispatchUs
        self.compileMsPerPartition = compileMsPerPartition
        self.copyBandwidthGBs = copyBandwidthGBs
    }
}

/// A fitted CPU cost for one op type: `perNodeUs + scale × roofline(work)` microseconds per execution.
public struct OpCost: Hashable, Sendable, Codable {
    public var perNodeUs: Double
    public var scale: Double
    /// Trace samples the fit used (nodes × runs).
    public var samples: Int

    public init(perNodeUs: Double, scale: Double, samples: Int) {
        self.perNodeUs = perNodeUs
        self.scale = scale
        self.samples = samples
    }
}

/// Everything the estimator knows about a machine. Bundled profiles live in `Profiles/*.json`; `cutline calibrate`
/// writes one with `cpuOpCosts` fitted from an ONNX Runtime trace.
public struct DeviceProfile: Hashable, Sendable, Codable {
    public var name: String
    public var description: String
    public var cpu: ComputeUnit
    public var gpu: ComputeUnit?
    public var neuralEngine: ComputeUnit?
    public var coreml: EPOverheads
    /// Per inference call outside the nodes (executor, input binding), on the CPU path and the EP path alike.
    public var perRunOverheadUs: Figure?
    /// Fitted per-op-type CPU costs; op types missing here fall back to `cpuFallbackCost`, then to the roofline.
    public var cpuOpCosts: [String: OpCost]?
    public var cpuFallbackCost: OpCost?
    /// Set by calibration: the trace file or label the fitted figures come from.
    public var calibratedFrom: String?
    /// EP costs fitted on public measurements; nil: the older per-node roofline and fixed dispatch figures.
    public var fit: EPFit?

    public init(name: String, description: String, cpu: ComputeUnit, gpu: ComputeUnit? = nil,
                neuralEngine: ComputeUnit? = nil, coreml: EPOverheads, perRunOverheadUs: Figure? = nil,
                cpuOpCosts: [String: OpCost]? = nil, cpuFallbackCost: OpCost? = nil, calibratedFrom: String? = nil,
                fit: EPFit? = nil) {
        self.name = name
        self.description = description
        self.cpu = cpu
        self.gpu = gpu
        self.neuralEngine = neuralEngine
        self.coreml = coreml
        self.perRunOverheadUs = perRunOverheadUs
        self.cpuOpCosts = cpuOpCosts
        self.cpuFallbackCost = cpuFallbackCost
        self.calibratedFrom = calibratedFrom
        self.fit = fit
    }

    /// CPU time of one node of type `opType` doing `work`, in microseconds.
    public func cpuNodeUs(opType: String, work: OpWork) -> Double {
        let roof = cpu.rooflineUs(work)
        if let c = cpuOpCosts?[opType] ?? cpuFallbackCost { return c.perNodeUs + c.scale * roof }
        return (cpu.perNodeOverheadUs?.value ?? 0) + roof
    }

    /// The unit CoreML would pick for a node under MLComputeUnits=ALL: the fastest roofline among Neural Engine,
    /// GPU and CPU, ties going to the Neural Engine, then the GPU (memory-bound ops tie: the units share memory).
    public func epNodeUs(work: OpWork) -> (us: Double, unit: String) {
        var best = (cpu.rooflineUs(work), "cpu")
        if let g = gpu { let t = g.rooflineUs(work); if t <= best.0 { best = (t, "gpu") } }
        if let a = neuralEngine { let t = a.rooflineUs(work); if t <= best.0 { best = (t, "neural-engine") } }
        return best
    }
}

/// CoreML's `MLComputeUnits` as the EP's `MLComputeUnits` option names them (`--compute-units`).
public enum ComputeUnits: String, Hashable, Sendable, Codable, CaseIterable {
    case all
    case cpuAndNeuralEngine = "cpu-and-neural-engine"
    case cpuAndGPU = "cpu-and-gpu"
    case cpuOnly = "cpu-only"
}

/// What one place a CoreML program can run costs, fitted on public measurements (fixtures/cost-cases,
/// scripts/cost/fit_cases.py; docs/COST.md lists each case predicted against measured).
public struct FittedUnit: Hashable, Sendable, Codable {
    /// The offloaded nodes' CPU estimate divided by this is their time inside the compiled program.
    public var speedup: Figure
    /// Cost of one op inside the compiled program, on top of its compute.
    public var perOpUs: Figure
    /// Fixed cost of one partition per run (CPU → program → CPU), without its boundary copies.
    public var crossingUs: Figure
    /// Bandwidth of the copied boundary bytes (int64/bool inputs converted, outputs copied back).
    public var crossingBandwidthGBs: Figure

    public init(speedup: Figure, perOpUs: Figure, crossingUs: Figure, crossingBandwidthGBs: Figure) {
        self.speedup = speedup
        self.perOpUs = perOpUs
        self.crossingUs = crossingUs
        self.crossingBandwidthGBs = crossingBandwidthGBs
    }
}

/// The fitted EP costs: one entry per place a partition can run, and the fit's error.
public struct EPFit: Hashable, Sendable, Codable {
    /// Keys: `gpu`, `neural-engine`, `gpu+neural-engine` (CoreML splitting an fp16 program between the two under
    /// MLComputeUnits=ALL) and `cpu` (CoreML's own CPU path).
    public var units: [String: FittedUnit]
    /// Half-width of the estimate's range, as a factor: the EP time lies within ×/÷ this (the largest
    /// leave-one-out ratio error of the fit over the cases it could predict).
    public var errorFactor: Figure
    public var fittedOn: String

    public init(units: [String: FittedUnit], errorFactor: Figure, fittedOn: String) {
        self.units = units
        self.errorFactor = errorFactor
        self.fittedOn = fittedOn
    }

    /// Where CoreML runs a partition: fp16 programs go to the Neural Engine (under ALL, split with the GPU);
    /// fp32-typed ML Programs are barred from the Neural Engine (they run on the GPU under ALL, on CoreML's CPU
    /// path under CPUAndNeuralEngine); NeuralNetwork programs may use the Neural Engine in any precision, and are
    /// taken to run there under ALL (an assumption the fit shares: scripts/cost/fit_cases.py, `unit`).
    public static func unit(for cu: ComputeUnits, fp16: Bool, mlProgram: Bool) -> String {
        switch cu {
        case .cpuOnly: return "cpu"
        case .cpuAndGPU: return "gpu"
        case .cpuAndNeuralEngine: return fp16 || !mlProgram ? "neural-engine" : "cpu"
        case .all: return !mlProgram ? "neural-engine" : (fp16 ? "gpu+neural-engine" : "gpu")
        }
    }
}
