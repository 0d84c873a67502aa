"""The hash chain, in plain Python: how an event is hashed and how a log is verified.

Each event's hash covers its metadata, the digest of its payload and the hash
of the event before it in the same case. The payload is hashed separately, so
retention can replace it with a redaction marker and the chain still verifies.
Checkpoints commit to every case's head and the count of events, so removing
a whole case or the tail of the log is caught too. No Django import here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

GENESIS = "0" * 64
REDACTED_PAYLOAD = '{"redacted":true}'
REDACTION_EVENT = "PayloadRedacted"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def canonical_json(payload: dict) -> str:
    """One spelling for one payload: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def microseconds(moment: datetime) -> int:
    """A timestamp as whole microseconds since 1970 UTC: exact, and the same on every database."""
    return (moment - _EPOCH) // _MICROSECOND


@dataclass(frozen=True)
class EventFacts:
    """What the hash of one event covers."""

    case_id: int
    position: int
    type: str
    occurred_us: int
    recorded_us: int
    actor_id: int | None
    agency_id: int | None
    late: bool
    payload_digest: str
    previous_hash: str

    def hash(self) -> str:
        return event_hash(
            self.case_id,
            self.position,
            self.type,
            self.occurred_us,
            self.recorded_us,
            self.actor_id,
            self.agency_id,
            self.late,
            self.payload_digest,
            self.previous_hash,
        )


def event_hash(
    case_id: int,
    position: int,
    type: str,
    occurred_us: int,
    recorded_us: int,
    actor_id: int | None,
    agency_id: int | None,
    late: bool,
    payload_digest: str,
    previous_hash: str,
) -> str:
    # Positional and flat: verification calls this a million times.
    text = (
        f"{case_id}|{position}|{type}|{occurred_us}|{recorded_us}|"
        f"{'' if actor_id is None else actor_id}|{'' if agency_id is None else agency_id}|"
        f"{1 if late else 0}|{payload_digest}|{previous_hash}"
    )
    return hashlib.sha256(text.encode()).hexdigest()


def checkpoint_hash(
    previous_hash: str, last_event_id: int, event_count: int, heads: Iterable[tuple[int, int, str]]
) -> str:
    """A checkpoint's hash: the one before it, the log's extent, and the case heads it saw move."""
    text = "|".join(
        [previous_hash, str(last_event_id), str(event_count)]
        + [f"{case_id}:{position}:{head}" for case_id, position, head in sorted(heads)]
    )
    return digest(text)


# Rows as verification reads them, in event id order:
# (id, case_id, position, type, occurred_us, recorded_us, actor_id, agency_id, late,
#  payload, payload_digest, previous_hash, hash)
EventRow = tuple[int, int, int, str, int, int, "int | None", "int | None", bool, str, str, str, str]


@dataclass(frozen=True)
class CheckpointRow:
    id: int
    last_event_id: int
    event_count: int
    heads: tuple[tuple[int, int, str], ...]
    previous_hash: str
    hash: str


@dataclass(frozen=True)
class Problem:
    """The first thing found wrong, said so an operator can find it."""

    event_id: int | None
    case_id: int | None
    position: int | None
    what: str

    def __str__(self) -> str:
        if self.event_id is None:
            return self.what
        return f"event {self.event_id} (case {self.case_id}, position {self.position}): {self.what}"


@dataclass
class Verification:
    events: int = 0
    cases: int = 0
    checkpoints: int = 0
    redactions: int = 0
    last_event_id: int = 0
    heads: dict[int, tuple[int, str]] = field(default_factory=dict)
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


class _Broken(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def verify(events: Iterable[EventRow], checkpoints: Iterable[CheckpointRow]) -> Verification:
    """Check every event's chain and every checkpoint; stop at the first problem."""
    result = Verification()
    try:
        _verify(iter(events), list(checkpoints), result)
    except _Broken as broken:
        result.problem = broken.problem
    result.cases = len(result.heads)
    return result


def _verify(events: Iterator[EventRow], checkpoints: list[CheckpointRow], result: Verification):
    # The hot loop of `casetrail verify`: names are bound locally, and the next
    # checkpoint's boundary is a plain number, to keep each event to a few microseconds.
    heads, hash_of, digest_of = result.heads, event_hash, digest
    redacted: dict[tuple[int, int], int] = {}  # (case, position) -> event id, awaiting sanction
    sanctioned: set[tuple[int, int]] = set()
    pending = iter(checkpoints)
    checkpoint = next(pending, None)
    boundary = checkpoint.last_event_id if checkpoint else _NO_BOUNDARY
    previous_checkpoint_hash = GENESIS
    count = event_id = 0
    try:
        for (
            event_id, case_id, position, type_, occurred_us, recorded_us, actor_id, agency_id,
            late, payload, payload_digest, previous_hash, stored_hash,
        ) in events:  # fmt: skip
            while event_id > boundary and checkpoint is not None:
                previous_checkpoint_hash = _check_checkpoint(
                    checkpoint, count, heads, previous_checkpoint_hash
                )
                result.checkpoints += 1
                checkpoint = next(pending, None)
                boundary = checkpoint.last_event_id if checkpoint else _NO_BOUNDARY
            head_position, head_hash = heads.get(case_id, _START)
            if position != head_position + 1 or previous_hash != head_hash:
                raise _Broken(_link_problem(event_id, case_id, position, head_position))
            if payload == REDACTED_PAYLOAD:
                if type_ == REDACTION_EVENT:
                    raise _Broken(Problem(event_id, case_id, position, _REDACTED_REDACTION))
                redacted[(case_id, position)] = event_id
            elif digest_of(payload) != payload_digest:
                raise _Broken(Problem(event_id, case_id, position, _CHANGED_PAYLOAD))
            if stored_hash != hash_of(
                case_id,
                position,
                type_,
                occurred_us,
                recorded_us,
                actor_id,
                agency_id,
                late,
                payload_digest,
                previous_hash,
            ):
                raise _Broken(Problem(event_id, case_id, position, _CHANGED_METADATA))
            if type_ == REDACTION_EVENT:
                sanctioned.add((case_id, json.loads(payload)["position"]))
            heads[case_id] = (position, stored_hash)
            count += 1
        while checkpoint is not None:
            previous_checkpoint_hash = _check_checkpoint(
                checkpoint, count, heads, previous_checkpoint_hash
            )
            result.checkpoints += 1
            checkpoint = next(pending, None)
        for (case_id, position), event_id in redacted.items():
            if (case_id, position) not in sanctioned:
                raise _Broken(Problem(event_id, case_id, position, _UNSANCTIONED_REDACTION))
    finally:
        # On a problem these say how far verification got before it.
        result.events = count
        result.redactions = len(redacted)
        result.last_event_id = event_id


_NO_BOUNDARY = float("inf")
_START = (0, GENESIS)
_CHANGED_PAYLOAD = "payload has been changed (it no longer matches its digest)"
_CHANGED_METADATA = "metadata has been changed (it no longer matches its hash)"
_UNSANCTIONED_REDACTION = "payload was removed without a recorded redaction"
_REDACTED_REDACTION = "a redaction record has itself been redacted"


def _link_problem(event_id: int, case_id: int, position: int, head_position: int) -> Problem:
    if position > head_position + 1:
        what = f"comes after position {head_position}: an event is missing or out of order"
    elif position <= head_position:
        what = "repeats or reorders an earlier position"
    else:
        what = "does not link to the event before it (previous hash differs)"
    return Problem(event_id, case_id, position, what)


def _check_checkpoint(
    checkpoint: CheckpointRow, count: int, heads: dict[int, tuple[int, str]], previous_hash: str
) -> str:
    def broken(what: str) -> _Broken:
        return _Broken(Problem(None, None, None, f"checkpoint {checkpoint.id}: {what}"))

    if checkpoint.previous_hash != previous_hash:
        raise broken("does not link to the checkpoint before it")
    expected = checkpoint_hash(
        checkpoint.previous_hash, checkpoint.last_event_id, checkpoint.event_count, checkpoint.heads
    )
    if expected != checkpoint.hash:
        raise broken("has been changed (it no longer matches its hash)")
    if count != checkpoint.event_count:
        raise broken(
            f"recorded {checkpoint.event_count} events up to event "
            f"{checkpoint.last_event_id}, the log now has {count}: events were "
            f"{'removed' if count < checkpoint.event_count else 'inserted'}"
        )
    for case_id, position, head in checkpoint.heads:
        if heads.get(case_id) != (position, head):
            raise broken(
                f"case {case_id} ended at position {position} with hash "
                f"{head[:12]}…, which the log no longer holds"
            )
    return checkpoint.hash
