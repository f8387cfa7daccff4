"""One-off measurements that set a bound once (its figure is cited where the bound is).

Run from ``benchmarks/`` as a module, so that the shared helpers (``evalsets``,
``scoring``) import: ``cd benchmarks && PYTHONPATH=../src python -m probes.NAME``.
"""
