"""Pure: a file's records folded into features and blocking keys, on every core.

Folding (normalising names, dates, postcodes; making the blocking keys) is pure Python
and much of an import's time, so a file is folded in slices by forked processes
(forking.py), each numbering its own strings; the slices are joined in file order.
"""

from __future__ import annotations

import os
import tempfile
from array import array
from collections.abc import Callable, Sequence

import numpy as np

from casetrail.people.blocking import blocking_keys
from casetrail.people.feature_arrays import FeatureTable, TableBuilder
from casetrail.people.features import Features, PersonDetails, features_of
from casetrail.people.forking import PROCESSES, sliced

# Records a process folds at a time: enough that handing a slice back costs little
# beside folding it, few enough that the progress bar moves.
SLICE = 20_000


class Folded:
    """Records folded one at a time as a file is read: their features, numbered into a
    table, and their blocking keys in one flat column (a million lists of Python ints
    would take some 600 MB; this takes 80)."""

    def __init__(self) -> None:
        self.builder = TableBuilder()
        self._keys, self._counts = array("q"), array("q")

    def add(self, features: Features) -> None:
        self.builder.add(features)
        found = blocking_keys(features)
        self._keys.extend(found)
        self._counts.append(len(found))

    def __len__(self) -> int:
        return len(self._counts)

    def table(self) -> FeatureTable:
        """The features as a table, letting go of the numbering they were gathered with."""
        table, self.builder = self.builder.table(), TableBuilder()
        return table

    def join(self, other: Folded) -> None:
        """Take on another's records, after these."""
        self.builder.join(other.builder.part())
        self._keys.extend(other._keys)
        self._counts.extend(other._counts)

    @property
    def keys(self) -> np.ndarray:
        return np.frombuffer(self._keys, dtype=np.int64)

    @property
    def key_starts(self) -> np.ndarray:
        """Where each record's keys start in `keys`, and the end."""
        return np.r_[0, np.cumsum(np.frombuffer(self._counts, dtype=np.int64))]

    @property
    def members(self) -> np.ndarray:
        """The record each key belongs to."""
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.key_starts))

    def spilled(self) -> SpilledKeys:
        """The records' keys, kept in a temporary file rather than memory."""
        return SpilledKeys(self.keys, self.key_starts)


class SpilledKeys:
    """Every record's blocking keys in an unnamed temporary file, read back a span of
    records at a time: a million records have 13 million keys (100 MB), wanted again only
    as each new person is written, and pairing holds the most memory an import does.

    The file is read by position, so processes forked after it was written read it too.
    """

    def __init__(self, keys: np.ndarray, starts: np.ndarray) -> None:
        self.starts = starts
        # Open for as long as the keys are wanted: close() ends it, as does the process.
        self._file = tempfile.TemporaryFile(prefix="casetrail-keys-")  # noqa: SIM115
        keys.tofile(self._file)  # written as they are held, not copied first
        self._file.flush()

    def of(self, records: Sequence[int]) -> list[list[int]]:
        """The keys of each of `records`, in order, as `blocking_keys` gives them (sorted)."""
        if not len(records):
            return []
        low, high = min(records), max(records) + 1
        first = int(self.starts[low])
        span = int(self.starts[high]) - first
        size = np.dtype(np.int64).itemsize
        data = os.pread(self._file.fileno(), span * size, first * size)
        if len(data) != span * size:
            raise OSError(f"the spilled keys ended early: {len(data)} of {span * size} bytes")
        keys = np.frombuffer(data, dtype=np.int64).tolist()
        at = (self.starts[low : high + 1] - first).tolist()
        return [keys[at[n - low] : at[n - low + 1]] for n in records]

    def close(self) -> None:
        self._file.close()


def records_fold(
    records: Sequence[PersonDetails],
    *,
    processes: int = PROCESSES,
    slice_size: int = SLICE,
    progress: Callable[[int], object] | None = None,
) -> Folded:
    """Every record folded, in order, by `processes` forked processes a slice at a time."""
    folded = Folded()
    for part, count in sliced(_fold, records, len(records), size=slice_size, processes=processes):
        folded.join(part)
        if progress:
            progress(count)
    return folded


def _fold(records: Sequence[PersonDetails], start: int, stop: int) -> Folded:
    folded = Folded()
    for record in records[start:stop]:
        folded.add(features_of(record))
    return folded
