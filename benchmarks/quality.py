"""Quality, speed and memory of ``Detector().scan`` on the labelled sets, in one table.

    PYTHONPATH=src python benchmarks/quality.py --sets bbc,reuters,fakebr,synth --limit 2000

Each set runs in a fresh ``spawn`` child process, so its peak memory
(``ru_maxrss``) is its own and not the high-water mark of an earlier set;
tracemalloc would slow the scan several times over. The child loads the set,
scans the articles only (the gold rows stay with the scorer), and returns plain
numbers. ``synth`` is generated on the fly with a fixed seed (synthetic.py).
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from evalsets import ALL_SETS, EvalSet, default_eval_dir, load_set, subset
from families import FAMILY_SETS, families_table, family_figures, load_family_set
from meter import candidate_recall, meter_scores, scan_candidates, verification_recall
from scoring import (
    OriginalScores,
    Ratio,
    misattributed,
    original_accuracy,
    score_set,
    unlinked,
)

SYNTH_SEED = 7
SYNTH_N = 500
MAX_MISSES = 200  # misattributed rows kept in the figures (--misses prints them)
FP_SHORT = {"unrelated": "unrel", "unrelated_same_topic": "same_topic", "same_story": "same_story"}


def _ratio(r: Ratio) -> dict[str, Any]:
    return {"hits": r.hits, "total": r.total, "value": r.value}


def _original(o: OriginalScores) -> dict[str, Any]:
    return {"detector": _ratio(o.detector), "smallest_id": _ratio(o.smallest_id),
            "longest_text": _ratio(o.longest_text), "found": o.found,
            "attribution": _ratio(o.attribution),
            "attribution_smallest_id": _ratio(o.attribution_smallest_id),
            "attribution_longest_text": _ratio(o.attribution_longest_text),
            "by_confidence": {k: _ratio(v) for k, v in o.by_confidence.items()},
            "linked": _ratio(o.linked), "with_unlabelled": _ratio(o.with_unlabelled)}


def _meter(m: Any) -> dict[str, Any]:
    return {"linked": {k: _ratio(v) for k, v in m.linked.items()},
            "nonderived_false": _ratio(m.nonderived_false), "f1": m.f1,
            "wire_original": _ratio(m.wire_original)}


def meter_table(m: dict[str, Any]) -> str:
    """METER's task by class: paper stories linked to a wire file of their slot."""
    stages = [s for s in m["candidates"] if s != "all"]
    rows = [["class", "stories", *(f"{s} candidates" for s in stages), "candidates",
             "linked", "share", "verified of candidates"]]
    for key, v in [*m["linked"].items(), ("meter-nonderived", m["nonderived_false"])]:
        rows.append([key.removeprefix("meter-") + (" (false)" if key == "meter-nonderived" else ""),
                     str(v["total"]), *(fmt(m["candidates"][s][key]["value"]) for s in stages),
                     fmt(m["candidates"]["all"][key]["value"]), str(v["hits"]), fmt(v["value"]),
                     fmt(m["verified"][key]["value"])])
    w = m["wire_original"]
    return (_table(rows) + f"\nbinary derived/not-derived F1 {fmt(m['f1'])}; a wire file is the "
            f"original of {w['hits']} of {w['total']} clusters holding wire and paper stories "
            f"({fmt(w['value'])})")


def _load(name: str, eval_dir: Path, limit: int | None) -> EvalSet:
    if name == "synth":
        from synthetic import generate

        evalset = generate(SYNTH_SEED, SYNTH_N, eval_dir)
    elif name in FAMILY_SETS:
        evalset = load_family_set(name, eval_dir)
    else:
        evalset = load_set(name, eval_dir)
    return subset(evalset, limit) if limit else evalset


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _config(lexical: bool, no_lead: bool) -> Any:
    """The default config, with the semantic stage or the lead-reprint rule off."""
    import dataclasses

    from dedup.config import Config, SemanticConfig

    config = Config()
    if lexical:
        config = dataclasses.replace(config, semantic=SemanticConfig(enabled=False))
    if no_lead:
        config = dataclasses.replace(
            config, relation=dataclasses.replace(config.relation, lead_containment=1.0))
    return config


def run_set(name: str, eval_dir: Path, limit: int | None, lexical: bool = False,
            no_lead: bool = False) -> dict[str, Any]:
    """Load, scan and score one set (runs in its own process); JSON-ready numbers."""
    from dedup import Detector

    evalset = _load(name, eval_dir, limit)
    detector = Detector(_config(lexical, no_lead))
    gc.collect()
    before = _max_rss_mb()
    start = time.perf_counter()
    report = detector.scan(evalset.articles)
    seconds = time.perf_counter() - start
    peak = _max_rss_mb()
    lengths = evalset.lengths()
    scores = score_set(report, evalset.gold, lengths, by_language=name == "wmt",
                       by_fields=("kind",) if name == "synth" else ())
    p = scores.pairs
    out: dict[str, Any] = {
        "set": name, "articles": len(evalset.articles), "errors": len(report.errors),
        "clusters": len(report.clusters), "seconds": seconds,
        "articles_per_s": len(evalset.articles) / seconds if seconds else None,
        "peak_mb": peak - before, "process_peak_mb": peak,
        "gold_pairs": p.gold, "true_positives": p.true_positives,
        "predicted_in_gold": p.predicted, "predicted_outside_gold": p.outside,
        "precision": p.precision, "recall": p.recall, "f1": p.f1,
        "recall_by_relation": {k: _ratio(v) for k, v in scores.recall_by_relation.items()},
        "false_positive_rates": {k: _ratio(v) for k, v in scores.false_positive_rates.items()},
        "original": _original(scores.original),
        "breakdowns": {b: {k: _ratio(v) for k, v in d.items()}
                       for b, d in scores.breakdowns.items()},
    }
    original_of = {m: c.original for c in report.clusters for m in c.members}
    out["misattributed"] = [
        {"gold": row.original, "predicted": report.clusters[k].original,
         "members": list(report.clusters[k].members), "row": dict(row.extra),
         "confidence": report.clusters[k].original_confidence,
         "evidence": list(report.clusters[k].original_evidence)}
        for row, k in misattributed(report, evalset.gold)[:MAX_MISSES]]
    out["unlinked"] = [
        {"gold": row.original, "members": list(row.members), "row": dict(row.extra),
         "clusters": {m: original_of.get(m) for m in row.members},
         "cross_links": [f"{x.source} -> {x.target}" for x in report.cross_links
                         if x.source in row.members and x.target in row.members]}
        for row in unlinked(report, evalset.gold)[:MAX_MISSES]]
    if name == "meter":
        out["meter"] = _meter(meter_scores(report, evalset.gold))
        stages = scan_candidates(evalset.articles, detector.config)
        every: set[tuple[str, str]] = set().union(*stages.values())
        out["meter"]["candidates"] = {
            stage: {k: _ratio(v) for k, v in candidate_recall(pairs, evalset.gold).items()}
            for stage, pairs in [*stages.items(), ("all", every)]}
        out["meter"]["verified"] = {
            k: _ratio(v) for k, v in verification_recall(report, every, evalset.gold).items()}
    if name in FAMILY_SETS:
        out["families"] = family_figures(report, evalset.gold)
    if name == "synth":
        kinds = sorted({str(r.extra.get("kind")) for r in evalset.gold})
        out["original_by_kind"] = {
            k: _original(original_accuracy(
                report, [r for r in evalset.gold if r.extra.get("kind") == k], lengths))
            for k in kinds}
        # Rows the generator gave no evidence of direction (synthetic.decidable).
        for label, flag in (("decidable", True), ("undecidable", False)):
            out["original_by_kind"][label] = _original(original_accuracy(
                report, [r for r in evalset.gold if r.extra.get("decidable", True) is flag],
                lengths))
    return out


def run_isolated(name: str, eval_dir: Path, limit: int | None, lexical: bool = False,
                 no_lead: bool = False) -> dict[str, Any]:
    """``run_set`` in a fresh spawn child, so memory figures do not bleed across sets."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(run_set, name, eval_dir, limit, lexical, no_lead).result()


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                       for i, (c, w) in enumerate(zip(r, widths, strict=True))) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main_table(results: list[dict[str, Any]]) -> str:
    head = ["set", "articles", "gold pairs", "precision", "recall", "F1", "outside",
            "FP rates", "orig acc (min id/longest)", "articles/s", "peak MB"]
    rows = [head]
    for r in results:
        if "error" in r:
            rows.append([r["set"], "-", "-", "-", "-", "-", "-", "failed: " + r["error"][:60],
                         "-", "-", "-"])
            continue
        fp = " ".join(f"{FP_SHORT.get(k, k)} {fmt(v['value'])}"
                      for k, v in r["false_positive_rates"].items()) or "-"
        o = r["original"]
        orig = (f"{fmt(o['detector']['value'])} ({fmt(o['smallest_id']['value'])}/"
                f"{fmt(o['longest_text']['value'])})") if o["detector"]["total"] else "-"
        rows.append([r["set"], str(r["articles"]), str(r["gold_pairs"]), fmt(r["precision"]),
                     fmt(r["recall"]), fmt(r["f1"]), str(r["predicted_outside_gold"]), fp, orig,
                     f"{r['articles_per_s']:.1f}", f"{r['peak_mb']:.1f}"])
    return _table(rows)


def breakdown_table(title: str, ratios: dict[str, Any],
                    originals: dict[str, Any] | None = None) -> str:
    head = [title, "gold pairs", "found", "recall"]
    if originals:
        head += ["orig acc", "min id", "longest"]
    rows = [head]
    for key, v in ratios.items():
        row = [key, str(v["total"]), str(v["hits"]), fmt(v["value"])]
        if originals:
            o = originals.get(key, {})
            row += [fmt(o.get(k, {}).get("value")) for k in
                    ("detector", "smallest_id", "longest_text")]
        rows.append(row)
    return _table(rows)


END_TO_END = ("detector", "smallest_id", "longest_text")
ATTRIBUTION = ("attribution", "attribution_smallest_id", "attribution_longest_text")


def _with_naive(o: dict[str, Any], names: tuple[str, str, str]) -> str:
    """``0.950 (0.400/0.500) of 600``: the detector, then smallest id / longest text."""
    d, i, n = (o[k] for k in names)
    if not d["total"]:
        return "-"
    return f"{fmt(d['value'])} ({fmt(i['value'])}/{fmt(n['value'])}) of {d['total']}"


def attribution_table(rows_by_name: dict[str, dict[str, Any]]) -> str:
    """End-to-end and attribution-proper accuracy, linked accuracy, per set or kind."""
    head = ["", "end to end (min id/longest)", "attribution (min id/longest)", "linked"]
    rows = [head]
    for name, o in rows_by_name.items():
        linked = o["linked"]
        rows.append([name, _with_naive(o, END_TO_END), _with_naive(o, ATTRIBUTION),
                     f"{fmt(linked['value'])} of {linked['total']}" if linked["total"] else "-"])
    return _table(rows)


def confidence_table(o: dict[str, Any]) -> str:
    """Attribution accuracy by the reported confidence of the cluster's original."""
    rows = [["confidence", "rows", "right", "accuracy"]]
    for label, v in o["by_confidence"].items():
        rows.append([label, str(v["total"]), str(v["hits"]), fmt(v["value"])])
    return _table(rows)


NOTES = """\
precision: predicted pairs that are gold copy pairs / predicted pairs whose both ends are in gold
  copy rows. outside: predicted pairs with an end outside the gold rows; not necessarily errors
  (reuters holds many real, unlabelled wire repeats and updates).
FP rates: share of negative pairs put in one cluster (same_story may hold a few real copies).
orig acc: gold clusters with a known original whose predicted cluster (holding most members)
  names it; misses count. In brackets: smallest id / longest text chosen in the same clusters.
attribution: the same over only the rows whose predicted cluster holds the gold original (a
  clustering miss is not charged to attribution). linked: every copy of the row sits in the
  cluster named for the gold original or has a cross link to it (a roundup sits in one cluster).
  roundup (synth): a roundup quotes the leads of two articles A and C; every article is in ONE
  cluster (DESIGN.md §3), so the roundup can share a cluster with A or with C, not both, and
  end to end can be right for at most one of its two rows: about 0.5 by contract. Its other
  row is right only as a cross link C <- roundup, which is what "linked" counts.
  synth (un)decidable: rows whose copy has (no) evidence of direction by construction: same
  day without a time, no credit, and a kind whose shape shows no direction are undecidable.
peak MB: growth of ru_maxrss during the scan in a fresh process (whole process in --json)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(ALL_SETS),
                        help=f"comma-separated, from {','.join(ALL_SETS + FAMILY_SETS)}")
    parser.add_argument("--limit", type=int, default=None,
                        help="deterministic subset of about N articles per set (gold kept whole)")
    parser.add_argument("--eval-dir", type=Path, default=None,
                        help="folder of the eval sets (default $DEDUP_EVAL_DIR or ../shared/eval)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--misses", type=int, default=0, metavar="N",
                        help="print up to N misattributed rows per set (the cluster holds the "
                             "gold original but names another member), with the evidence, and "
                             "up to N rows not linked to their gold original")
    parser.add_argument("--lexical", action="store_true",
                        help="semantic stage off (translations and rewrites are not looked for)")
    parser.add_argument("--no-lead", action="store_true",
                        help="lead-reprint rule off (RelationConfig.lead_containment=1)")
    args = parser.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [n for n in names if n not in ALL_SETS + FAMILY_SETS]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(ALL_SETS)}")
    eval_dir = args.eval_dir or default_eval_dir()
    results = []
    for name in names:
        print(f"scanning {name} ...", file=sys.stderr, flush=True)
        try:
            results.append(run_isolated(name, eval_dir, args.limit, args.lexical, args.no_lead))
        except Exception as exc:  # one broken set must not hide the others' figures
            results.append({"set": name, "error": f"{type(exc).__name__}: {exc}"})
    print(main_table(results))
    print(NOTES)
    for r in results:
        if r.get("errors"):
            print(f"{r['set']}: the detector rejected {r['errors']} articles (see report.errors)")
        if "families" in r:
            print("\n" + families_table(r["set"], r["families"]))
        if "language_pair" in r.get("breakdowns", {}):
            print(f"\n{r['set']}: recall by language pair")
            print(breakdown_table("pair", r["breakdowns"]["language_pair"]))
        if r.get("original", {}).get("detector", {}).get("total"):
            print(f"\n{r['set']}: original accuracy")
            table = {"all": r["original"], **r.get("original_by_kind", {})}
            print(attribution_table(table))
            u = r["original"]["with_unlabelled"]
            if u["total"]:
                print(f"attribution rows whose cluster holds an unlabelled article (the gold "
                      f"original may not be the real one): {u['total']}, right {u['hits']}")
            print(f"\n{r['set']}: attribution accuracy by reported confidence")
            print(confidence_table(r["original"]))
        if "meter" in r:
            print(f"\n{r['set']}: paper stories linked to a wire file of their slot")
            print(meter_table(r["meter"]))
        if "kind" in r.get("breakdowns", {}):
            print(f"\n{r['set']}: recall and original accuracy by kind")
            print(breakdown_table("kind", r["breakdowns"]["kind"], r.get("original_by_kind")))
    for r in results:
        for miss in r.get("unlinked", [])[:args.misses]:
            print(f"\n{r['set']}: not linked to gold original {miss['gold']}: "
                  + ", ".join(f"{m} in cluster of {c}" for m, c in miss["clusters"].items())
                  + f"; cross links {miss['cross_links'] or 'none'}; "
                  + " ".join(f"{k}={v}" for k, v in sorted(miss["row"].items())))
        for miss in r.get("misattributed", [])[:args.misses]:
            print(f"\n{r['set']}: gold original {miss['gold']}, named {miss['predicted']} "
                  f"(confidence {miss['confidence']:.2f}) among {', '.join(miss['members'])}; "
                  + " ".join(f"{k}={v}" for k, v in sorted(miss["row"].items())))
            for line in miss["evidence"]:
                print(f"    · {line}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
