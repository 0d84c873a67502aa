"""What each status the API answers means, described once, so every operation documents its own.

An operation lists the statuses it can give; `documented` turns that list into
ninja's response schemas and the descriptions the OpenAPI schema shows.
"""

from __future__ import annotations

from typing import Any

from casetrail.api.schemas import ConflictProblem, Problem, ValidationProblem

MEANINGS = {
    400: "The body is not JSON, or a header is malformed",
    401: "No valid API token, and no signed-in session",
    403: "You may see this case but not do this; or the CSRF token is missing from a session call",
    404: "No such case, or none you may see: the API does not say which",
    409: "Not allowed now: the stage does not allow it, or a guard is unmet (see unmet)",
    422: "A field is wrong (see errors), or an Idempotency-Key was reused for another request",
}
SCHEMAS: dict[int, type] = {409: ConflictProblem, 422: ValidationProblem}


def documented(success: int, schema: Any, meaning: str, *errors: int) -> dict:
    """The `response` and `openapi_extra` arguments of an operation answering these statuses."""
    responses: dict[int, Any] = {success: schema}
    descriptions: dict[int, dict] = {success: {"description": meaning}}
    for status in sorted({401, *errors}):
        responses[status] = SCHEMAS.get(status, Problem)
        descriptions[status] = {"description": MEANINGS[status]}
    return {"response": responses, "openapi_extra": {"responses": descriptions}}
