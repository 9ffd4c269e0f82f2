"""Hybrid clause retrieval: dense + BM25, fused, with staff-vocabulary query expansion."""
