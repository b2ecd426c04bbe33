//! Nothing here: the benchmarks are in `benches/`; see BENCHMARKS.md.
