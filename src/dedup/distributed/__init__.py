"""The batch scan on a Dask cluster (``local:N``, ``tcp://host:8786``, Slurm, Kubernetes):
prepare and band keys per partition (``tasks``), candidate pairs from a shuffle of band
keys and verification next to the data (``lexical``), the semantic stage blocked by
language (``semantic``), the same report as in process (``engine``).
"""
