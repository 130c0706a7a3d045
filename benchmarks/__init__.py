"""Benchmarks: speed and size measured against a baseline in the same run (ratios), never
by a timed test. Each runs from the repository root as a module:
``python3 -m benchmarks.bench_build``."""
