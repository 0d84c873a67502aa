"""The API, version 1: who may call it, how its errors read, and the URLs it answers on.

Mounted at /api/v1/. The schema is at /api/v1/openapi.json and a page
describing it at /api/v1/docs (docs.py says why that page is our own).
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import SessionAuth

from casetrail.api import case_steps, cases, dashboard, people, referrals
from casetrail.api.auth import BearerToken
from casetrail.api.docs import OperationsPage
from casetrail.api.idempotency import DESCRIPTION, HEADER, idempotent
from casetrail.api.problems import (
    MEDIA_TYPE,
    FieldProblem,
    Unprocessable,
    field_name,
    problem_response,
)

NOT_SIGNED_IN = "Send a valid API token in an Authorization: Bearer header, or sign in first"
CSRF_REFUSED = (
    "The CSRF token is missing or wrong: send the csrftoken cookie's value in an X-CSRFToken header"
)


class SignedInSession(SessionAuth):
    """The signed-in Django session, with Django's CSRF check on every request it authorises.

    Whether anyone is signed in is asked first: without a session a forged request
    has nothing to ride on, so a signed-out caller hears 401 rather than a CSRF refusal.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        try:
            return super().__call__(request)
        except HttpError as refused:  # ninja's only refusal here is the CSRF check
            raise PermissionDenied(CSRF_REFUSED) from refused


IDEMPOTENCY_KEY = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": DESCRIPTION,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}


class CasetrailAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """The schema, with every error answered as problem details, as the handlers do."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation["responses"].items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {MEDIA_TYPE: content["application/json"]}
        for operations in schema["paths"].values():
            if "post" in operations:
                operations["post"].setdefault("parameters", []).append(IDEMPOTENCY_KEY)
        return schema


BEARER = BearerToken()
api = CasetrailAPI(
    title="casetrail",
    version="1",
    description=(
        "casetrail's JSON API: referrals, cases, every step of the workflow, people and the "
        "dashboard. Send a personal API token as Authorization: Bearer …; a signed-in "
        "browser session works too, with its CSRF token."
    ),
    urls_namespace="api",
    auth=[BEARER, SignedInSession()],
    docs=OperationsPage(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/referrals", referrals.router)
api.add_router("/cases", cases.router)
api.add_router("/cases", case_steps.router)
api.add_router("/people", people.router)
api.add_router("/dashboard", dashboard.router)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    problems = [FieldProblem(field_name(item["loc"]), item["msg"]) for item in error.errors]
    return _unprocessable(problems)


@api.exception_handler(Unprocessable)
def _unprocessable_request(request: HttpRequest, error: Unprocessable) -> HttpResponse:
    return _unprocessable(error.problems)


def _unprocessable(problems: list[FieldProblem]) -> HttpResponse:
    count = len(problems)
    detail = f"The request has {count} problem{'s' if count != 1 else ''}: see errors"
    return problem_response(422, detail, problems)


@api.exception_handler(AuthenticationError)
def _not_signed_in(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return problem_response(401, NOT_SIGNED_IN)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return problem_response(403, str(error) or "You may not do this")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return problem_response(404, "There is nothing here")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # Ninja raises 400 only when the body does not parse; its message is for developers.
    if error.status_code == 400:
        return problem_response(400, "The request body is not valid JSON")
    return problem_response(error.status_code, str(error))


def caller(request: HttpRequest) -> Any:
    """Who is calling, by token or by session, before an operation's own check of the same."""
    by_token = BEARER(request)
    if by_token is not None:
        return by_token
    return request.user if request.user.is_authenticated else None


# Matching writes nothing, so a repeat simply asks again; keeping its answers would
# keep personal details in a second place for no gain.
NOT_REPLAYED = {"people_match"}


def _as_json_only(view):
    """A body that says it is not JSON is refused (415) before it is read as JSON, and a
    method the URL does not answer is a 405 in problem details, as every other error is."""

    @wraps(view)
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.body and request.content_type != "application/json":
            return problem_response(
                415, f"Send the body as application/json, not {request.content_type or 'untyped'}"
            )
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and response.get("Content-Type") != MEDIA_TYPE:
            allowed = response.get("Allow", "")
            refused = problem_response(405, f"{request.method} is not answered here: use {allowed}")
            refused["Allow"] = allowed
            return refused
        return response

    return answer


def _open(patterns: list) -> list:
    """The API's URLs, exempt from the sign-in redirect every page has, and safe to retry.

    A client must hear 401 from the API itself, not a redirect to an HTML form;
    the schema and its page describe the API and hold no one's data.
    """
    opened = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            # Outside the replaying: a 415 or 405 is no answer to keep against a key.
            view = idempotent(pattern.callback, caller, replays=pattern.name not in NOT_REPLAYED)
            view = _as_json_only(view)
            pattern = URLPattern(
                pattern.pattern, login_not_required(view), pattern.default_args, pattern.name
            )
        opened.append(pattern)
    return opened


_patterns, _app_name, _namespace = api.urls
urls = (_open(_patterns), _app_name, _namespace)
