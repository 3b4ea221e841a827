"""Ensembles, sweeps, sensitivity, calibration and the results store."""
