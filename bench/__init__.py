"""Benchmarks: gas and speed figures, measured on local chains, written to bench/out/*.json."""
