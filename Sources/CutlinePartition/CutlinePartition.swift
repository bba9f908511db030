// The CutlinePartition module. See docs/ARCHITECTURE.md for its stage of the pipeline.
