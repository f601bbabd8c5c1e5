"""Benchmarks for the atlas at scale: synthetic data (`synth`), the naive baseline (`naive`) and the runner (`run`)."""
