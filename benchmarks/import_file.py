"""Importing a legacy file with `casetrail import` itself: its time, peak memory and quality.

    .venv/bin/python benchmarks/import_file.py                         # 1,000,000 records, both
    .venv/bin/python benchmarks/import_file.py --records 100000 --database sqlite

Writes a synthetic file (benchmarks/synthetic_people.py, with its truth), then runs
`casetrail import FILE --report DIR` as its own process on a fresh database, so the
wall time and peak memory are the command's alone. Quality is pairwise, as in
matching.py: two records are called one person when the import gave them one
person id. The stages' times are read from the command's progress bars.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import in_fresh_database, kinds

CASETRAIL = str(Path(sys.executable).with_name("casetrail"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run(args.records)))
        return
    for kind in kinds(args.database):
        r = in_fresh_database(kind, __file__, ["--records", str(args.records)])
        stages = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in r["stages"].items())
        print(
            f"{kind}: {r['records']:,} records as {r['people']:,} people in {r['seconds']:.1f} s "
            f"({stages}); peak {r['peak_mb']:,.0f} MB (with its folding and comparing processes "
            f"{r['peak_all_mb']:,.0f} MB); precision {r['precision']:.4f} "
            f"recall {r['recall']:.4f} F1 {r['f1']:.4f}; {r['to_review']:,} pairs to review; "
            f"memory by stage: "
            + ", ".join(f"{name} {mb:,.0f} MB" for name, mb in r["stage_mb"].items()),
            flush=True,
        )


def run(records: int) -> dict:
    from linkage_data import write_import_csv
    from synthetic_people import generate

    with tempfile.TemporaryDirectory() as scratch:
        source, truth = Path(scratch) / "people.csv", Path(scratch) / "truth.csv"
        written = write_import_csv(
            generate(max(1, round(records / 1.5))), source, entities_path=truth
        )
        subprocess.run([CASETRAIL, "migrate", "-v0"], check=True)
        report = Path(scratch) / "report"
        started = time.perf_counter()
        # Into files, not pipes: a pipe nobody reads while the command runs fills and stops it.
        out, err = Path(scratch) / "out.txt", Path(scratch) / "err.txt"
        with out.open("w") as stdout, err.open("w") as stderr:
            child = subprocess.Popen(
                [CASETRAIL, "import", str(source), "--report", str(report)],
                stdout=stdout,
                stderr=stderr,
            )
            watcher = _Memory(child.pid, err)
            watcher.start()
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - started
            watcher.stop()
        output, bars = out.read_text(), err.read_text()
        if status:
            raise SystemExit(f"the import failed:\n{bars[-3000:]}")
        quality = _pairwise(report / "people.csv", truth)
        return {
            "records": written,
            "people": quality.pop("people"),
            "seconds": seconds,
            "peak_mb": usage.ru_maxrss / 1024,
            "peak_all_mb": watcher.peak / 1024,
            "stage_mb": {name: kib / 1024 for name, kib in watcher.stages.items()},
            "stages": _stages(bars),
            "to_review": _rows(report / "uncertain.csv"),
            "summary": output.strip(),
            **quality,
        }


def _pairwise(people_csv: Path, truth_csv: Path) -> dict:
    """Pairwise precision and recall of the people found, counted by groups, not pairs."""
    with truth_csv.open(newline="") as handle:
        entity = {row["record_id"]: row["entity"] for row in csv.DictReader(handle)}
    with people_csv.open(newline="") as handle:
        person = {row["record_id"]: row["person_id"] for row in csv.DictReader(handle)}

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    found = pairs(Counter(person.values()))
    true = pairs(Counter(entity.values()))
    both = pairs(Counter((person[record], entity[record]) for record in person))
    precision = both / found if found else 0.0
    recall = both / true if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if both else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "people": len(set(person.values()))}  # fmt: skip


# A progress bar's stage, at the start of a line or of its redrawing: one word or more
# ("filing keys").
STAGE = r"(?:^|[\r\n])([a-z]+(?: [a-z]+)*): "


def _stages(bars: str) -> dict[str, float]:
    """Each stage's elapsed time, from the last state of its progress bar."""
    found: dict[str, float] = {}
    for name, clock in re.findall(STAGE + r"[^\r\n]*?\[((?:\d+:)?\d+:\d+)[<,]", bars):
        parts = [int(part) for part in clock.split(":")]
        found[name] = sum(part * 60**power for power, part in enumerate(reversed(parts)))
    return found


class _Memory(threading.Thread):
    """The most memory the command and its forked processes held at once: their
    proportional set sizes (shared pages split between them), summed every tenth of
    a second, overall and in each stage (read from the end of its progress bars). The
    peak RSS the kernel reports is of the largest process alone."""

    def __init__(self, pid: int, bars: Path):
        super().__init__(daemon=True)
        self.pid, self.bars, self.peak, self.done = pid, bars, 0, threading.Event()
        self.stages: dict[str, int] = {}

    def run(self) -> None:
        while not self.done.wait(0.1):
            held = sum(map(_pss_kib, _tree(self.pid)))
            self.peak = max(self.peak, held)
            stage = _stage_now(self.bars)
            if stage:
                self.stages[stage] = max(self.stages.get(stage, 0), held)

    def stop(self) -> None:
        self.done.set()
        self.join()


def _stage_now(bars: Path) -> str:
    try:
        with bars.open("rb") as handle:
            handle.seek(max(0, bars.stat().st_size - 400))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    found = re.findall(STAGE, tail)
    return found[-1] if found else ""


def _tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [child for text in task.read_text().split() for child in _tree(int(text))]
        except OSError:
            continue
    return found


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rows(path: Path) -> int:
    with path.open(newline="") as handle:
        return sum(1 for _ in handle) - 1


if __name__ == "__main__":
    main()
