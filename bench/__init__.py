"""Benchmarks and the synthetic data set they measure at size; not a Django app."""
