"""Event types: each a past-tense name, a JSON schema for its payload, and a one-line story.

Apps register the types their operations record. Validation names the field
that is wrong, so a page, the API and the command line can all show it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jsonschema import Draft202012Validator

from casetrail.chronology.chain import REDACTION_EVENT


class PayloadError(ValueError):
    """A payload does not match its event type's schema."""

    def __init__(self, event_type: str, field: str, message: str):
        self.event_type = event_type
        self.field = field
        self.message = message
        super().__init__(
            f"{event_type}.{field}: {message}" if field else f"{event_type}: {message}"
        )


@dataclass(frozen=True)
class EventType:
    name: str
    schema: dict
    describe: Callable[[dict], str]
    label: str
    # Decisions carry a rationale the timeline links to.
    is_decision: bool = False
    # Only those with this permission on the case read what it says (it tells of other
    # people's records); others see that it happened, and when, and who recorded it.
    read_permission: str = ""

    def validate(self, payload: dict) -> None:
        validator = Draft202012Validator(self.schema)
        errors = sorted(validator.iter_errors(payload), key=lambda error: list(error.path))
        if errors:
            first = errors[0]
            field = ".".join(str(part) for part in first.absolute_path)
            if first.validator == "required":
                field = first.message.split("'")[1]
                raise PayloadError(self.name, field, "is required")
            if first.validator == "additionalProperties":
                raise PayloadError(self.name, field, first.message)
            raise PayloadError(self.name, field, first.message)


EVENT_TYPES: dict[str, EventType] = {}


def event_type_register(event_type: EventType) -> EventType:
    if event_type.name in EVENT_TYPES:
        raise ValueError(f"event type {event_type.name} is registered twice")
    Draft202012Validator.check_schema(event_type.schema)
    EVENT_TYPES[event_type.name] = event_type
    return event_type


def event_type_get(name: str) -> EventType:
    try:
        return EVENT_TYPES[name]
    except KeyError:
        raise PayloadError(name, "", "is not a known event type") from None


def text(min_length: int = 1, max_length: int = 10_000) -> dict:
    """A schema for written text that is not blank."""
    return {"type": "string", "minLength": min_length, "maxLength": max_length, "pattern": r"\S"}


event_type_register(
    EventType(
        name=REDACTION_EVENT,
        schema={
            "type": "object",
            "properties": {
                "position": {"type": "integer", "minimum": 1},
                "rationale": text(min_length=10),
            },
            "required": ["position", "rationale"],
            "additionalProperties": False,
        },
        describe=lambda payload: f"Redacted the record at position {payload['position']}",
        label="Redaction",
        is_decision=True,
    )
)
