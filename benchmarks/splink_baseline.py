"""Splink 5 on DuckDB as the linkage benchmark's baseline, set up after splink's FEBRL examples.

`python benchmarks/splink_baseline.py` links FEBRL4 and de-duplicates FEBRL3, each in a fresh
child process, and prints F1 at the best threshold, blocking recall, wall time and peak memory.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import resource
import subprocess
import sys
import time

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from linkage_data import (
    Pair,
    Record,
    best_threshold,
    febrl3,
    febrl4,
    ordered,
    pairs_completeness,
    scores,
    true_pairs_dedupe,
    true_pairs_link,
)
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

Scored = list[tuple[Pair, float]]

_UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
_SLASHED_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
SEED = 1
# Pairs sampled to estimate u; at 1e7 that is most of the training time. FEBRL3 and FEBRL4
# score the same from 1e6 to 1e7 (splink calls 1e7 often adequate, and warns at 1e6, its default).
U_PAIRS = 2e6


def splink_link(
    a: list[Record], b: list[Record], *, u_pairs: float = U_PAIRS
) -> tuple[Scored, set[Pair]]:
    """Link two files: every candidate (a id, b id) with splink's match probability."""
    scored, candidates, _ = _link(a, b, u_pairs)
    return scored, candidates


def splink_dedupe(records: list[Record], *, u_pairs: float = U_PAIRS) -> tuple[Scored, set[Pair]]:
    """De-duplicate one file: every candidate (smaller id, larger id) with its probability."""
    scored, candidates, _ = _dedupe(records, u_pairs)
    return scored, candidates


def _link(a: list[Record], b: list[Record], u_pairs: float) -> tuple[Scored, set[Pair], dict]:
    rows, times = _predict([_frame(a), _frame(b)], "link_only", u_pairs)
    scored = [((left, right) if side == "a" else (right, left), p) for left, right, side, p in rows]
    return scored, {pair for pair, _ in scored}, times


def _dedupe(records: list[Record], u_pairs: float) -> tuple[Scored, set[Pair], dict]:
    rows, times = _predict([_frame(records)], "dedupe_only", u_pairs)
    scored = [(ordered(left, right), p) for left, right, _, p in rows]
    return scored, {pair for pair, _ in scored}, times


# Input ---------------------------------------------------------------------------------------


def _frame(records: list[Record]) -> pd.DataFrame:
    """The columns splink compares, cleaned the usual way: trimmed, lower case, NULL for empty."""
    rows = [
        {
            "unique_id": r.record_id,
            "given_name": _clean(r.given_name),
            "surname": _clean(r.surname),
            "birth_date": _iso_date(r.birth_date),
            "address": _clean(r.address),
            "house_number": _house_number(r.address),
            "town": _clean(r.town),
            "postcode": _postcode(r.postcode),
            "national_id": _identifier(r.identifiers),
        }
        for r in records
    ]
    return pd.DataFrame(rows, dtype="string")


def _clean(text: str) -> str | None:
    text = " ".join(text.lower().split())
    return text or None


def _iso_date(typed: str) -> str | None:
    # Legacy systems also key dates as 3/9/1961; splink parses one format, so bring them to ISO.
    slashed = _SLASHED_DATE.match(typed.strip())
    if slashed:
        day, month, year = slashed.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return typed.strip() or None


def _house_number(address: str) -> str | None:
    first = address.split(" ", 1)[0]
    return first if first[:1].isdigit() else None


def _postcode(typed: str) -> str | None:
    code = "".join(typed.upper().split())
    # Keyed with or without the space; put a UK postcode's back so that both forms are equal.
    if _UK_POSTCODE.match(code):
        return f"{code[:-3]} {code[-3:]}"
    return code or None


def _identifier(identifiers: tuple[tuple[str, str], ...]) -> str | None:
    # The first identifier, whatever its scheme: FEBRL has one, the synthetic people NHS's.
    for _scheme, value in identifiers:
        value = "".join(value.split())
        if value:
            return value
    return None


# Model ---------------------------------------------------------------------------------------


def _settings(link_type: str) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "birth_date", input_is_string=True, datetime_format="%Y-%m-%d"
            ),
            _location(),
            cl.DamerauLevenshteinAtThresholds("national_id", [1, 2]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("birth_date"),
            block_on("surname", "substr(given_name, 1, 1)"),
            block_on("given_name", "house_number"),
            # Given name and surname keyed the wrong way round.
            "l.given_name = r.surname and l.surname = r.given_name",
            block_on("postcode"),
            block_on("national_id"),
        ],
        retain_matching_columns=False,
    )


def _location() -> cl.CustomComparison:
    """Address, town and postcode as one comparison.

    Fellegi-Sunter adds the comparisons' weights as if independent; as three comparisons
    the same place counts three times, and people who live together (same address, other
    names and birth dates) come out as certain matches.
    """
    address, postcode, town = "address", "postcode", "town"
    missing = cll.And(cll.NullLevel(postcode), cll.NullLevel(address))
    return cl.CustomComparison(
        output_column_name="location",
        comparison_levels=[
            missing.configure(is_null_level=True),
            cll.And(cll.ExactMatchLevel(postcode), cll.JaroWinklerLevel(address, 0.9)),
            cll.ExactMatchLevel(postcode),
            cll.And(cll.JaroWinklerLevel(address, 0.9), cll.ExactMatchLevel(town)),
            cll.JaroWinklerLevel(address, 0.9),
            cll.DamerauLevenshteinLevel(postcode, 1),
            cll.ExactMatchLevel(town),
            cll.JaroWinklerLevel(address, 0.7),
            cll.ElseLevel(),
        ],
    )


def _predict(
    frames: list[pd.DataFrame], link_type: str, u_pairs: float
) -> tuple[list[tuple[str, str, str, float]], dict]:
    """Train the model and score every candidate: (left id, right id, left file, probability),
    with the seconds spent training and predicting.
    """
    started = time.perf_counter()
    db = DuckDBAPI()
    tables = [db.register(f, dataset_display_name=n) for f, n in zip(frames, "ab", strict=False)]
    linker = Linker(tables, _settings(link_type), log_level=logging.WARNING)
    _train(linker, u_pairs)
    trained = time.perf_counter()
    predictions = linker.inference.predict(warning_mode="never").as_duckdbpyrelation()
    columns = "unique_id_l, unique_id_r, "
    columns += "source_dataset_l" if link_type == "link_only" else "'' as source_dataset_l"
    rows = predictions.project(columns + ", match_probability").fetchall()
    done = time.perf_counter()
    return rows, {"train_seconds": trained - started, "predict_seconds": done - trained}


def _train(linker: Linker, u_pairs: float) -> None:
    # Deterministic rules that rarely join two people, assumed to find 80% of the matches.
    linker.training.estimate_probability_two_random_records_match(
        [block_on("national_id"), block_on("given_name", "surname", "birth_date")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=SEED)
    # Each EM pass learns m for every comparison but the ones its blocking rule fixes. Not
    # blocking on postcode, as splink's FEBRL examples do: pairs sharing a postcode are mostly
    # households, and EM would learn "same household" as the match class.
    for rule in (block_on("birth_date"), block_on("given_name", "surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )


# Benchmark -----------------------------------------------------------------------------------


def measure(task: str, u_pairs: float = U_PAIRS) -> dict:
    """Run one task here and now: its scores, wall time and this process's peak memory."""
    if task == "febrl4":
        a, b = febrl4()
        truth = true_pairs_link(a, b)
        rss_before, started = _peak_mb(), time.perf_counter()
        scored, candidates, times = _link(a, b, u_pairs)
    else:
        records = febrl3()
        truth = true_pairs_dedupe(records)
        rss_before, started = _peak_mb(), time.perf_counter()
        scored, candidates, times = _dedupe(records, u_pairs)
    seconds = time.perf_counter() - started
    threshold, metrics = best_threshold(scored, truth)
    at_half = scores({pair for pair, p in scored if p >= 0.5}, truth)
    return {
        "task": task,
        "u_pairs": u_pairs,
        "threshold": threshold,
        **metrics,
        "f1_at_half": at_half["f1"],
        "pairs_completeness": pairs_completeness(candidates, truth),
        "candidates": len(candidates),
        "true_pairs": len(truth),
        "seconds": seconds,
        **times,
        "peak_rss_mb": _peak_mb(),
        "rss_before_mb": rss_before,
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _in_child(task: str, u_pairs: float) -> dict:
    # A fresh process per task, so that one task's peak memory is not another's.
    command = [sys.executable, __file__, "--child", task, "--u-pairs", str(u_pairs)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{task} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _report(r: dict) -> str:
    return (
        f"{r['task']}: best F1 {r['f1']:.4f} at p >= {r['threshold']:.4g} "
        f"(precision {r['precision']:.4f}, recall {r['recall']:.4f}; "
        f"tp {r['tp']}, fp {r['fp']}, fn {r['fn']}); F1 at p >= 0.5 {r['f1_at_half']:.4f}\n"
        f"  pairs completeness {r['pairs_completeness']:.4f}: "
        f"{r['candidates']:,} candidate pairs for {r['true_pairs']:,} true ones\n"
        f"  {r['seconds']:.1f} s (train {r['train_seconds']:.1f} s with u from "
        f"{r['u_pairs']:.0e} pairs, predict {r['predict_seconds']:.1f} s); "
        f"peak RSS {r['peak_rss_mb']:.0f} MB ({r['rss_before_mb']:.0f} MB before splink)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--child", choices=["febrl4", "febrl3"], help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--u-pairs", type=float, default=U_PAIRS, help="pairs sampled for u")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.u_pairs)))
        return 0
    results = [_in_child(task, args.u_pairs) for task in ("febrl4", "febrl3")]
    for result in results:
        print(json.dumps(result) if args.json else _report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
