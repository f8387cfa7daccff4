"""In-process scan vs the Dask engine on a LocalCluster: time, driver memory, same bytes.

    cd benchmarks && PYTHONPATH=../src nice python dask_scan.py \\
        --sets reuters,bbc,wmt,semeval,fakebr --workers 2 --json /tmp/dask_scan.json

Each engine runs in its own process on the eval sets' files (as ``dedup scan`` reads
them), so that the peak resident memory of that process is the driver's alone (the
Dask workers are separate processes). Reports the scan's wall time (the cluster's
start apart), the driver's peak RSS, whether the two JSON reports are the same bytes,
and, for Dask, what ran where: the compute time of each kind of task (per-partition
costs: count, total, median) from the scheduler's task stream and the scanner's
counts (partitions, band-key rows shuffled, candidate pairs), from which the time on
N machines is estimated in the README, and the peak RSS of each Dask worker.
``--engines dask`` runs the Dask engine alone (``million.py``'s feed: one process
could not hold it).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from evalsets import default_eval_dir

HERE = Path(__file__).resolve().parent

_CHILD = r"""
import hashlib, json, resource, sys, time
from dedup import Config, Detector
from dedup.config import SemanticConfig
from dedup.io.readers import read_inputs
from dedup.io.report import render

def _peak_kb():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    mode, semantic, workers, out, *paths = sys.argv[1:]
    config = Config(semantic=SemanticConfig(enabled=semantic == "1"))
    result = {"mode": mode}
    if mode == "inproc":
        start = time.perf_counter()
        report = Detector(config).scan(read_inputs(paths))
        result["seconds"] = time.perf_counter() - start
    else:
        from distributed import get_task_stream
        from dedup.distributed.engine import DaskScanner, open_client
        begin = time.perf_counter()
        with open_client(f"local:{workers}", dashboard=False) as client:
            result["cluster_start_seconds"] = time.perf_counter() - begin
            scanner = DaskScanner(client, Detector(config))
            start = time.perf_counter()
            with get_task_stream(client) as stream:
                report = scanner.scan_paths(paths)
            result["seconds"] = time.perf_counter() - start
            result["stats"] = scanner.stats
            result["worker_peak_rss_mb"] = sorted(
                v / 1024 for v in client.run(_peak_kb).values())
            tasks = {}
            for task in stream.data:
                name = task["key"][0] if isinstance(task["key"], tuple) else task["key"]
                name = name.split("-", 1)[0]
                spent = sum(s["stop"] - s["start"] for s in task["startstops"]
                            if s["action"] == "compute")
                tasks.setdefault(name, []).append(spent)
            result["tasks"] = tasks
    rendered = render(report, "json")
    result["sha256"] = hashlib.sha256(rendered.encode()).hexdigest()
    result["articles"] = len(report.articles)
    result["clusters"] = len(report.clusters)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(out, "w") as f:
        json.dump(result, f)

if __name__ == "__main__":
    main()
"""


def run(mode: str, paths: list[str], semantic: bool, workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        script, out = Path(tmp) / "child.py", Path(tmp) / "out.json"
        script.write_text(_CHILD, encoding="utf-8")
        subprocess.run([sys.executable, str(script), mode, "1" if semantic else "0",
                        str(workers), str(out), *paths], check=True, env=dict(os.environ))
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def summary(tasks: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {name: {"count": len(v), "total_s": round(sum(v), 2),
                   "median_s": round(statistics.median(v), 4)}
            for name, v in sorted(tasks.items(), key=lambda kv: -sum(kv[1]))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="reuters,bbc,wmt,semeval,fakebr")
    parser.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    parser.add_argument("--paths", nargs="*", default=None, help="scan these files instead")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-semantic", action="store_true")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--engines", default="inproc,dask",
                        help="which to run: inproc, dask or both (million.py's feed: dask)")
    args = parser.parse_args(argv)
    paths = args.paths or [str(args.eval_dir / f"{name}.articles.jsonl.gz")
                           for name in args.sets.split(",")]
    semantic = not args.no_semantic
    engines = args.engines.split(",")
    result: dict[str, Any] = {"paths": paths, "semantic": semantic, "workers": args.workers}
    for mode in engines:
        result[mode] = run(mode, paths, semantic, args.workers)
    if "dask" in result:
        result["dask"]["tasks"] = summary(result["dask"]["tasks"])
    if len(engines) == 2:
        result["same_bytes"] = result["inproc"]["sha256"] == result["dask"]["sha256"]
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if result.get("same_bytes", True) else 1


if __name__ == "__main__":
    raise SystemExit(main())
