"""Matching quality and batch speed, casetrail beside splink 5 on the same data in one run.

    .venv/bin/python benchmarks/matching.py                      # FEBRL4, FEBRL3, synthetic 100,000
    .venv/bin/python benchmarks/matching.py --synthetic 1000000  # the issue's scale
    .venv/bin/python benchmarks/matching.py --tasks febrl4 --engines casetrail

Each engine runs each task in a child process of its own, so peak memory is its
own. Figures: precision, recall and F1 at the best threshold and at the
engine's own link threshold, pairs completeness (blocking recall), time, peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from linkage_data import (
    Record,
    best_threshold,
    febrl3,
    febrl4,
    record_details,
    scores,
    true_pairs_dedupe,
    true_pairs_link,
)

TASKS = ["febrl4", "febrl3", "synthetic"]
ENGINES = ["casetrail", "splink"]


def casetrail_run(records: list[Record], split: int | None, truth: set) -> tuple[list, dict, dict]:
    """casetrail's batch engine, as `casetrail import` runs it: fold and block, compare,
    estimate, score (links decided at the candidate prior, as the import decides them).
    Returns the scored pairs, the blocking's figures and the stages' seconds."""
    from casetrail.people.folding import records_fold
    from casetrail.people.linkage import (
        model_doubts,
        model_from_levels,
        name_counts,
        pairs_chance,
        pairs_compare,
    )
    from casetrail.people.pairing import pairs_sharing_keys
    from casetrail.people.scoring import CANDIDATE_PRIOR, DEFAULT_MODEL

    times = {}
    started = time.perf_counter()
    folded = records_fold([record_details(record) for record in records])
    table = folded.table()
    times["fold_seconds"] = time.perf_counter() - started
    pairs = pairs_sharing_keys(
        folded.keys, folded.members, known_from=split, across=split is not None
    )
    times["block_seconds"] = time.perf_counter() - started - times["fold_seconds"]
    matrix = pairs_compare(table, pairs)
    times["compare_seconds"] = time.perf_counter() - started - sum(times.values())
    model = model_from_levels(table, matrix, population=len(records))
    if model_doubts(model, matrix):  # as the import refuses it, for the model in force
        model = DEFAULT_MODEL
    model = replace(model, prior=CANDIDATE_PRIOR)
    chances = pairs_chance(table, pairs, matrix, model, name_counts(table))
    times["train_score_seconds"] = time.perf_counter() - started - sum(times.values())
    ids = [record.record_id for record in records]
    ordered = [_pair(ids[left], ids[right], split) for left, right in pairs.tolist()]
    candidates = set(ordered)
    blocking = {"candidates": len(candidates), "blocked_true": len(candidates & truth)}
    return list(zip(ordered, chances.tolist(), strict=True)), blocking, times


def _pair(left: str, right: str, split: int | None) -> tuple[str, str]:
    return (left, right) if split is not None or left < right else (right, left)


def splink_run(records: list[Record], split: int | None, truth: set) -> tuple[list, dict, dict]:
    """splink 5 as benchmarks/splink_baseline.py sets it up: the pairs at or above its floor
    (which the caller checks could not hide a better threshold), the blocking's figures
    counted in DuckDB, and the stages' seconds."""
    from splink_baseline import FLOOR, splink_dedupe, splink_link

    if split is None:
        predicted = splink_dedupe(records, truth)
    else:
        predicted = splink_link(records[:split], records[split:], truth)
    blocking = {
        "candidates": predicted.blocked, "blocked_true": predicted.blocked_true,
        "floor": FLOOR, "above_floor": len(predicted.scored),
        "f1_below_floor": predicted.f1_below_floor(len(truth)),
    }  # fmt: skip
    return predicted.scored, blocking, predicted.times


def _task_data(task: str, synthetic: int) -> tuple[list[Record], int | None, set]:
    if task == "febrl4":
        a, b = febrl4()
        return a + b, len(a), true_pairs_link(a, b)
    if task == "febrl3":
        records = febrl3()
    else:
        from synthetic_people import generate

        records = generate(max(1, round(synthetic / 1.5)))
    return records, None, true_pairs_dedupe(records)


def measure(engine: str, task: str, synthetic: int) -> dict:
    records, split, truth = _task_data(task, synthetic)
    before = _peak_mb()
    started = time.perf_counter()
    run = casetrail_run if engine == "casetrail" else splink_run
    scored, blocking, times = run(records, split, truth)
    # Counting the true pairs among splink's candidates is the benchmark's work, not splink's.
    seconds = time.perf_counter() - started - times.get("count_seconds", 0.0)
    threshold, best = best_threshold(scored, truth)
    if "f1_below_floor" in blocking:
        from splink_baseline import floor_check

        floor_check(blocking["f1_below_floor"], best["f1"])
    link_at = 0.99 if engine == "casetrail" else 0.5
    at_link = scores({pair for pair, chance in scored if chance >= link_at}, truth)
    return {
        "engine": engine, "task": task, "records": len(records), "threshold": threshold, **best,
        "link_at": link_at, "f1_at_link": at_link["f1"],
        "precision_at_link": at_link["precision"], "recall_at_link": at_link["recall"],
        "pairs_completeness": blocking["blocked_true"] / len(truth) if truth else 1.0,
        **blocking, "true_pairs": len(truth), "seconds": seconds, **times,
        "peak_rss_mb": _peak_mb(), "rss_before_mb": before,
    }  # fmt: skip


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _report(r: dict) -> str:
    return (
        f"{r['task']:<9} {r['engine']:<9} {r['records']:>9,} records  "
        f"best F1 {r['f1']:.4f} (P {r['precision']:.4f} R {r['recall']:.4f} "
        f"at p>={r['threshold']:.3g})  "
        f"F1 at p>={r['link_at']} {r['f1_at_link']:.4f}  "
        f"blocking recall {r['pairs_completeness']:.4f} ({r['candidates']:,} pairs)  "
        f"{r['seconds']:.1f} s{_stages(r)}  "
        f"peak {r['peak_rss_mb']:.0f} MB (data {r['rss_before_mb']:.0f} MB){_floor(r)}"
    )  # fmt: skip


def _stages(r: dict) -> str:
    stages = [f"{key.removesuffix('_seconds')} {value:.1f}" for key, value in r.items()
              if key.endswith("_seconds") and key != "count_seconds"]  # fmt: skip
    return f" ({', '.join(stages)})" if stages else ""


def _floor(r: dict) -> str:
    if "floor" not in r:
        return ""
    return (
        f"  [{r['above_floor']:,} pairs at p>={r['floor']:g}, F1 below it at most "
        f"{r['f1_below_floor']:.4f}; counting true pairs {r['count_seconds']:.1f} s, not timed]"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", nargs="+", choices=TASKS, default=TASKS)
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=ENGINES)
    parser.add_argument("--synthetic", type=int, default=100_000, help="records to generate")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(*args.child, args.synthetic)))
        return 0
    for task in args.tasks:
        for engine in args.engines:
            print(f"... {task} with {engine}", file=sys.stderr, flush=True)
            child = [sys.executable, __file__, "--child", engine, task]
            done = subprocess.run(
                [*child, "--synthetic", str(args.synthetic)], capture_output=True, text=True
            )
            if done.returncode:
                print(f"{task} {engine} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            print(_report(json.loads(done.stdout.strip().splitlines()[-1])), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
