"""Errors as RFC 9457 problem details: every refusal the API gives has the same shape.

A client reads `status` and `detail`; a 422 also names each field that is wrong
in `errors`, so a form built on the API can show each message beside its field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus

from django.http import HttpResponse

MEDIA_TYPE = "application/problem+json"


@dataclass(frozen=True)
class FieldProblem:
    field: str  # dotted, as the request body spells it: "addresses.0.postcode"
    message: str


class Unprocessable(Exception):
    """A request that parses but cannot be acted on; each problem names its field."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("; ".join(f"{item.field}: {item.message}" for item in problems))


def problem_response(
    status: int, detail: str, problems: list[FieldProblem] | None = None, **extra: object
) -> HttpResponse:
    """Problem details; `extra` adds members a status defines, such as a 409's unmet conditions."""
    # "about:blank" says the status is the whole story; its title is then the status phrase.
    body: dict[str, object] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if problems is not None:
        body["errors"] = [{"field": item.field, "message": item.message} for item in problems]
    body.update(extra)
    return HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)


def field_name(location: tuple | list) -> str:
    """Where pydantic found a problem, as the request names it: "limit", "addresses.0.postcode"."""
    parts = list(location)
    if parts[:1] == ["body"]:
        parts = parts[2:]  # the source, then the handler's parameter name
    elif parts[:1] in (["query"], ["path"], ["header"]):
        parts = parts[1:]  # a parameter is known by its own name
    return ".".join(str(part) for part in parts) or "body"
