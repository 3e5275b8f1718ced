"""Measuring: figures on labeled pages, held-out sources and outlets, baselines, behaviour checks."""
