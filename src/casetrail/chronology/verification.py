"""Verifying the stored chronology and committing checkpoints to it.

Rows are read straight from the database cursor in event order and handed to
the pure `chain.verify`; timestamps become whole microseconds in the same way
the write path hashes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import nullcontext
from datetime import datetime

from django.db import connection, transaction

from casetrail.chronology.chain import (
    GENESIS,
    CheckpointRow,
    EventRow,
    Problem,
    Verification,
    checkpoint_hash,
    verify,
)
from casetrail.chronology.models import Checkpoint, CheckpointHead, Event
from casetrail.workflow.models import Case

_BATCH = 20_000


def log_verify(progress: Callable[[int], object] | None = None) -> Verification:
    """Verify every event and checkpoint; `progress(n)` is told as each batch of n is read."""
    result = verify(_event_rows(progress), _checkpoint_rows())
    if result.ok:
        known = set(Case.objects.values_list("id", flat=True))
        missing = sorted(case_id for case_id in result.heads if case_id not in known)
        if missing:
            result.problem = Problem(
                None,
                None,
                None,
                (f"case id {missing[0]} has events but no case row: the case was removed"),
            )
    return result


def events_count() -> int:
    return Event.objects.count()


# Whole microseconds since 1970 UTC, computed by the database so rows need no reworking.
_MICROSECONDS = {
    "postgresql": "(extract(epoch from {0}) * 1000000)::bigint",
    # Django writes SQLite datetimes as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC, never with
    # an offset. strftime rounds a fraction to milliseconds first (.9997 s would count as
    # the next second), so it reads the whole seconds alone and the microseconds are
    # added from the text. A time rewritten in another form reads differently, and
    # verification reports the record as changed, as it should.
    "sqlite": (
        "(CAST(strftime('%s', substr({0}, 1, 19)) AS INTEGER) * 1000000 + "
        "CASE WHEN substr({0}, 20, 1) = '.' THEN CAST(substr({0}, 21, 6) AS INTEGER) ELSE 0 END)"
    ),
}


def _event_rows(progress: Callable[[int], object] | None) -> Iterator[EventRow]:
    when = _MICROSECONDS[connection.vendor]
    sql = (
        "SELECT id, case_id, position, type, "
        f"{when.format('occurred_at')}, {when.format('recorded_at')}, actor_id, agency_id, "
        "CAST(late AS INTEGER), payload, payload_digest, previous_hash, hash "
        "FROM chronology_event ORDER BY id"
    )
    # PostgreSQL's server-side cursor needs a transaction. SQLite reads one SELECT from
    # one snapshot without it, and a transaction there would take the write lock and
    # hold every caseworker's save back for the whole verification.
    reading = transaction.atomic() if connection.vendor == "postgresql" else nullcontext()
    with reading, connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(_BATCH):
            yield from rows
            if progress:
                progress(len(rows))


def _checkpoint_rows() -> list[CheckpointRow]:
    heads: dict[int, list[tuple[int, int, str]]] = {}
    for head in CheckpointHead.objects.values_list("checkpoint_id", "case_id", "position", "hash"):
        heads.setdefault(head[0], []).append(head[1:])
    return [
        CheckpointRow(
            c.id,
            c.last_event_id,
            c.event_count,
            tuple(heads.get(c.id, ())),
            c.previous_hash,
            c.hash,
        )
        for c in Checkpoint.objects.order_by("id")
    ]


@transaction.atomic
def checkpoint_record(*, now: datetime, up_to: int | None = None) -> Checkpoint:
    """Commit to the log up to event `up_to` (default: its end): that event, the count of
    events up to it, and each case head that moved since the checkpoint before."""
    if connection.vendor == "postgresql":
        # Waits for appends in flight and holds new ones back until this commits, so the
        # checkpoint sees a log with no gaps in its ids.
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE chronology_event IN SHARE MODE")
    previous = Checkpoint.objects.order_by("-id").first()
    since = previous.last_event_id if previous else 0
    last_event_id = up_to
    if last_event_id is None:
        last_event_id = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if previous and last_event_id <= since:
        return previous  # nothing new since the last checkpoint, which already covers this
    heads = _heads_moved_since(since, last_event_id)
    previous_hash = previous.hash if previous else GENESIS
    count = Event.objects.filter(id__lte=last_event_id).count()
    checkpoint = Checkpoint.objects.create(
        created_at=now,
        last_event_id=last_event_id,
        event_count=count,
        previous_hash=previous_hash,
        hash=checkpoint_hash(previous_hash, last_event_id, count, heads),
    )
    CheckpointHead.objects.bulk_create(
        CheckpointHead(checkpoint=checkpoint, case_id=case_id, position=position, hash=head)
        for case_id, position, head in heads
    )
    return checkpoint


def _heads_moved_since(since: int, until: int) -> list[tuple[int, int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.case_id, e.position, e.hash FROM chronology_event e "
            "JOIN (SELECT case_id, MAX(position) AS position FROM chronology_event "
            "      WHERE id > %s AND id <= %s GROUP BY case_id) head "
            "ON head.case_id = e.case_id AND head.position = e.position",
            [since, until],
        )
        return [tuple(row) for row in cursor.fetchall()]
