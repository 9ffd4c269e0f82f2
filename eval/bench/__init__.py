"""Benchmarks (speed and quality) run outside the unit-test suite: python -m eval.bench.<name>."""
