"""Safe retries: a POST sent again with the same Idempotency-Key gets the first answer, once more.

A field worker's app that loses its connection mid-request cannot know whether
the record was made (F4). It sends the request again with the same key; the
first request's answer is returned and nothing is written twice. The same key
with a different request is refused, since it means the client has a bug.

The key's row is written in the same transaction as whatever the request
writes, so either both are kept or neither is. Every answer is kept, a refusal
too (a refused session delivery is itself recorded, F10), except those about the
caller rather than the request (401, 403) and server errors, whose transaction
is rolled back: those may be tried again under the same key.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from casetrail.api.models import IdempotentRequest
from casetrail.api.problems import FieldProblem, problem_response

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
LONGEST_KEY = 255
NOT_KEPT = {401, 403}
KEY_MALFORMED = f"{HEADER} must be 1 to {LONGEST_KEY} printable ASCII characters"
KEY_REUSED = (
    f"This {HEADER} was first sent with a different request; use a new key for a new request"
)
DESCRIPTION = (
    "Any unique value, such as a UUID, chosen by the client for this request. A repeat with "
    "the same key and body returns the first answer and writes nothing; the same key with "
    "another body is refused with 422."
)


def fingerprint(request: HttpRequest) -> str:
    """The request as sent, with the body's JSON put in one form so spacing does not count."""
    try:
        body = json.dumps(json.loads(request.body), sort_keys=True, separators=(",", ":"))
    except (ValueError, UnicodeDecodeError):
        body = request.body.hex()
    seen = f"{request.method} {request.path}\n{body}"
    return hashlib.sha256(seen.encode()).hexdigest()


def key_malformed(key: str) -> bool:
    return not (0 < len(key) <= LONGEST_KEY and key.isascii() and key.isprintable())


def idempotent(
    view: Callable, caller: Callable[[HttpRequest], object | None], *, replays: bool = True
) -> Callable:
    """The view, answering a repeated POST from its first answer.

    `caller` says who is calling, before the view's own authentication runs: keys
    are each caller's own, so two clients cannot collide or read each other's answers.
    A view that writes nothing need not replay (`replays=False`); its key is still checked.
    """

    @functools.wraps(view)  # keeps ninja's csrf_exempt: the API checks CSRF for sessions itself
    def answered(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None:
            return view(request, *args, **kwargs)
        if key_malformed(key):
            return problem_response(400, KEY_MALFORMED)
        user = caller(request) if replays else None
        if user is None:  # nothing to keep, or the view answers 401
            return view(request, *args, **kwargs)
        with transaction.atomic():
            return _once(view, request, user, key, args, kwargs)

    return answered


def _once(view, request, user, key: str, args, kwargs) -> HttpResponse:
    seen = fingerprint(request)
    try:
        with transaction.atomic():
            # On PostgreSQL a copy racing this one waits here until the first commits.
            record = IdempotentRequest.objects.create(
                user=user, key=key, fingerprint=seen, status=0, content_type="", body="",
                created_at=timezone.now(),
            )  # fmt: skip
    except IntegrityError:
        return _replayed(IdempotentRequest.objects.get(user=user, key=key), seen)
    response = view(request, *args, **kwargs)
    if response.status_code in NOT_KEPT or response.status_code >= 500:
        transaction.set_rollback(True)
        return response
    record.status = response.status_code
    record.content_type = response.get("Content-Type", "application/json")
    record.body = response.content.decode()
    record.save(update_fields=["status", "content_type", "body"])
    return response


def _replayed(record: IdempotentRequest, seen: str) -> HttpResponse:
    if record.fingerprint != seen:
        return problem_response(422, KEY_REUSED, [FieldProblem(HEADER, KEY_REUSED)])
    response = HttpResponse(record.body, status=record.status, content_type=record.content_type)
    response[REPLAYED] = "true"
    return response
