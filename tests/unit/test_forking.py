"""Work shared out to forked processes comes back whole and in order."""

from __future__ import annotations

import os

import pytest

from casetrail.people import forking
from casetrail.people.forking import memory_return, sliced


def _work(shared: list[int], start: int, stop: int) -> tuple[list[int], int]:
    return [value * 2 for value in shared[start:stop]], os.getpid()


@pytest.mark.parametrize(
    ("processes", "alongside"),
    [(2, False), (1, True), (1, False)],
    ids=["two", "one beside", "here"],
)
def test_slices_come_back_in_order_each_with_its_size(processes, alongside):
    shared = list(range(23))
    answers = list(sliced(_work, shared, len(shared), size=5, processes=processes,
                          alongside=alongside))  # fmt: skip
    assert [value for (values, _), _ in answers for value in values] == [v * 2 for v in shared]
    assert [size for _, size in answers] == [5, 5, 5, 5, 3]
    elsewhere = {pid for (_, pid), _ in answers} - {os.getpid()}
    assert bool(elsewhere) == (processes > 1 or alongside)


def test_no_slices_make_no_answers():
    assert list(sliced(_work, [], 0, size=5, processes=2)) == []


def test_memory_is_given_back_only_where_the_c_library_can(monkeypatch):
    calls = []

    class Glibc:
        def malloc_trim(self, pad: int) -> int:
            calls.append(pad)
            return 1

    monkeypatch.setattr(forking, "_libc", Glibc)
    memory_return()
    assert calls == [0]
    monkeypatch.setattr(forking, "_libc", lambda: None)
    memory_return()  # another C library: nothing to ask, and no error
    assert calls == [0]
