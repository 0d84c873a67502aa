"""The event types recorded by case operations, with their payload schemas."""

from casetrail.chronology.event_types import EventType, event_type_register, text

CASE_OPENED = event_type_register(
    EventType(
        name="CaseOpened",
        schema={
            "type": "object",
            "properties": {"reference": text(max_length=32), "summary": text(max_length=500)},
            "required": ["reference", "summary"],
            "additionalProperties": False,
        },
        describe=lambda payload: f"Case opened: {payload['summary']}",
        label="Case opened",
    )
)

NOTE_RECORDED = event_type_register(
    EventType(
        name="NoteRecorded",
        schema={
            "type": "object",
            "properties": {
                "summary": text(max_length=200),
                "detail": {"type": "string", "maxLength": 20_000},
            },
            "required": ["summary"],
            "additionalProperties": False,
        },
        describe=lambda payload: f"Note: {payload['summary']}",
        label="Note",
    )
)
