"""Work over a large file shared out in slices to forked processes, one a core.

Folding and comparing are pure Python and numpy, one core a process. A forked process
inherits what the parent holds as it is, so a million records are never pickled
across; only each slice's answer comes back, in order.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, TypeVar

Answer = TypeVar("Answer")

# Processes to share work out to: one a core, up to eight.
PROCESSES = max(1, min(os.cpu_count() or 1, 8))

# What the processes work on: set before they fork.
_task: tuple[Callable[[Any, int, int], Any], Any] | None = None


def sliced(
    work: Callable[[Any, int, int], Answer],
    shared: Any,
    total: int,
    *,
    size: int,
    processes: int = PROCESSES,
    alongside: bool = False,
) -> Iterator[tuple[Answer, int]]:
    """(work(shared, start, stop), stop - start) for each slice of `size` in 0..total, in
    order: in `processes` forked processes when there is a slice for each, else here.
    `alongside`, even one process is forked, so that the caller works on each answer
    while the next is made.

    A few slices a process are worked ahead of the one handed back, never all of them:
    the answers wait in memory until the caller takes them.
    """
    global _task
    bounds = [(start, min(start + size, total)) for start in range(0, total, size)]
    _task = (work, shared)
    try:
        apart = processes > 1 or (alongside and processes == 1 and len(bounds) > 1)
        if apart and len(bounds) >= processes and "fork" in mp.get_all_start_methods():
            # Frozen, the objects already made are never walked by a child's collector of
            # cycles, which would copy every page it touched into that child's memory.
            gc.freeze()
            memory_return()
            with mp.get_context("fork").Pool(processes, initializer=_leave_interrupts) as pool:
                waiting: deque = deque()
                for at, bound in enumerate(bounds):
                    waiting.append((pool.apply_async(_run, (bound,)), bound))
                    if at + 1 >= AHEAD * processes:
                        answer, (start, stop) = waiting.popleft()
                        yield answer.get(), stop - start
                while waiting:
                    answer, (start, stop) = waiting.popleft()
                    yield answer.get(), stop - start
        else:
            for start, stop in bounds:
                yield _run((start, stop)), stop - start
    finally:
        _task = None
        gc.unfreeze()


def _leave_interrupts() -> None:
    """Ctrl-C is the parent's to answer: it stops the pool, and says so once, where each
    forked process would otherwise print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def memory_return() -> None:
    """Give the system back the memory freed but still held by the C library's allocator.

    A large import frees much (the folded slices once joined, the pairs once compared) in
    pieces the allocator keeps for later; a process forked then would share those pages
    and copy each one it writes into. Where the C library is not glibc, this does nothing.
    """
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


# Slices a process may have worked ahead of the caller.
AHEAD = 2


def _run(bounds: tuple[int, int]) -> Any:
    assert _task is not None
    work, shared = _task
    return work(shared, *bounds)
