"""The chain in plain Python: hashes are stable, and verification finds the first fault."""

from datetime import UTC, datetime

from casetrail.chronology.chain import (
    GENESIS,
    REDACTED_PAYLOAD,
    CheckpointRow,
    EventFacts,
    canonical_json,
    checkpoint_hash,
    digest,
    microseconds,
    verify,
)


def build(case_payloads: list[tuple[int, dict]]) -> list[tuple]:
    """Rows for events of the cases given, chained as the write path chains them."""
    heads: dict[int, tuple[int, str]] = {}
    rows = []
    for event_id, (case_id, payload) in enumerate(case_payloads, start=1):
        position, previous = heads.get(case_id, (0, GENESIS))
        text = canonical_json(payload)
        facts = EventFacts(
            case_id,
            position + 1,
            payload.get("type", "NoteRecorded"),
            event_id,
            event_id + 5,
            7,
            3,
            False,
            digest(text),
            previous,
        )
        rows.append(
            (
                event_id,
                case_id,
                position + 1,
                facts.type,
                facts.occurred_us,
                facts.recorded_us,
                7,
                3,
                False,
                text,
                facts.payload_digest,
                previous,
                facts.hash(),
            )
        )
        heads[case_id] = (position + 1, facts.hash())
    return rows


def test_canonical_json_ignores_key_order_and_keeps_text():
    assert canonical_json({"b": 1, "a": "Zoë"}) == canonical_json({"a": "Zoë", "b": 1})
    assert canonical_json({"a": "Zoë"}) == '{"a":"Zoë"}'


def test_microseconds_are_exact():
    moment = datetime(2026, 11, 26, 9, 30, 0, 123456, tzinfo=UTC)
    assert microseconds(moment) == 1_795_685_400_123_456


def test_a_well_formed_log_verifies():
    result = verify(build([(1, {"n": 1}), (2, {"n": 2}), (1, {"n": 3})]), [])
    assert result.ok
    assert (result.events, result.cases) == (3, 2)


def test_a_changed_payload_is_named():
    rows = build([(1, {"n": 1}), (1, {"n": 2})])
    rows[1] = (*rows[1][:9], '{"n":99}', *rows[1][10:])
    result = verify(rows, [])
    assert not result.ok
    assert str(result.problem) == (
        "event 2 (case 1, position 2): payload has been changed (it no longer matches its digest)"
    )


def test_changed_metadata_is_named():
    rows = build([(1, {"n": 1})])
    rows[0] = (*rows[0][:6], 8, *rows[0][7:])  # another actor
    assert "metadata has been changed" in str(verify(rows, []).problem)


def test_a_missing_event_is_named():
    rows = build([(1, {"n": 1}), (1, {"n": 2}), (1, {"n": 3})])
    del rows[1]
    assert "comes after position 1: an event is missing" in str(verify(rows, []).problem)


def test_an_unsanctioned_redaction_is_named():
    rows = build([(1, {"n": 1})])
    rows[0] = (*rows[0][:9], REDACTED_PAYLOAD, *rows[0][10:])
    assert "removed without a recorded redaction" in str(verify(rows, []).problem)


def test_a_sanctioned_redaction_verifies():
    rows = build([(1, {"n": 1}), (1, {"type": "PayloadRedacted", "position": 1})])
    rows[0] = (*rows[0][:9], REDACTED_PAYLOAD, *rows[0][10:])
    result = verify(rows, [])
    assert result.ok
    assert result.redactions == 1


def checkpoint_over(rows: list[tuple]) -> CheckpointRow:
    heads = {row[1]: (row[1], row[2], row[12]) for row in rows}
    last = rows[-1][0]
    return CheckpointRow(
        1,
        last,
        len(rows),
        tuple(heads.values()),
        GENESIS,
        checkpoint_hash(GENESIS, last, len(rows), heads.values()),
    )


def test_a_checkpoint_catches_a_removed_case():
    rows = build([(1, {"n": 1}), (2, {"n": 2}), (1, {"n": 3})])
    checkpoint = checkpoint_over(rows)
    assert verify(rows, [checkpoint]).ok
    without_case_2 = [row for row in rows if row[1] != 2]
    problem = str(verify(without_case_2, [checkpoint]).problem)
    assert problem.startswith("checkpoint 1: recorded 3 events")


def test_a_checkpoint_catches_a_truncated_log():
    rows = build([(1, {"n": 1}), (1, {"n": 2})])
    problem = str(verify(rows[:1], [checkpoint_over(rows)]).problem)
    assert "the log now has 1: events were removed" in problem


def test_a_changed_checkpoint_is_named():
    rows = build([(1, {"n": 1})])
    checkpoint = checkpoint_over(rows)
    forged = CheckpointRow(
        1, checkpoint.last_event_id, 5, checkpoint.heads, GENESIS, checkpoint.hash
    )
    assert "checkpoint 1: has been changed" in str(verify(rows, [forged]).problem)


def test_a_redacted_redaction_record_is_a_problem_not_a_crash():
    rows = build([(1, {"n": 1}), (1, {"type": "PayloadRedacted", "position": 1})])
    rows[1] = (*rows[1][:9], REDACTED_PAYLOAD, *rows[1][10:])
    result = verify(rows, [])
    assert str(result.problem) == (
        "event 2 (case 1, position 2): a redaction record has itself been redacted"
    )


def test_a_failed_verification_says_how_far_it_got():
    rows = build([(1, {"n": 1}), (2, {"n": 2}), (1, {"n": 3})])
    rows[2] = (*rows[2][:9], '{"n":4}', *rows[2][10:])
    result = verify(rows, [])
    assert (result.events, result.cases, result.last_event_id) == (2, 2, 3)
