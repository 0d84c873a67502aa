"""The home page, the health check and the error pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from casetrail.accounts.roles import ROLE_PURPOSE
from casetrail.web.context_processors import SERVICE_NAME
from casetrail.web.http import SignedInRequest
from casetrail.workflow.selectors import referrals_of


def home(request: SignedInRequest) -> HttpResponse:
    context: dict[str, object] = {"role_purpose": ROLE_PURPOSE[request.user.role]}
    if request.user.has_perm("workflow.view_own_referrals"):
        context["referrals"] = referrals_of(request.user)
    return render(request, "web/home.html", context)


@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when this server can reach its database, 503 when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@dataclass(frozen=True)
class ErrorPage:
    status: int
    title: str
    advice: str


BAD_REQUEST = ErrorPage(
    400,
    "Sorry, there is a problem with that request",
    "The request could not be understood. Go back and try again.",
)
FORBIDDEN = ErrorPage(
    403,
    "You do not have permission to see this page",
    "Your role does not allow this. If you think it should, ask your supervisor "
    "or your administrator.",
)
NOT_FOUND = ErrorPage(
    404,
    "Page not found",
    "If you typed the web address, check it is correct. If you followed a link, "
    "the page may have moved.",
)
SERVER_ERROR = ErrorPage(
    500,
    "Sorry, there is a problem with the service",
    "Nothing you entered has been half-saved: each change is saved whole or not at all. "
    "Try again later.",
)
CSRF_FAILURE = ErrorPage(
    403,
    "Your form could not be sent",
    "The page was open too long or you signed in elsewhere. Go back, reload the page "
    "and try again.",
)


def _error(request: HttpRequest, page: ErrorPage) -> HttpResponse:
    return render(request, "errors/error.html", {"error": page}, status=page.status)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, BAD_REQUEST)


@login_not_required
def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, FORBIDDEN)


@login_not_required
def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, NOT_FOUND)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: the fault may be the database the layout reads.
    context = {"error": SERVER_ERROR, "service_name": SERVICE_NAME}
    return HttpResponse(loader.render_to_string("errors/error.html", context), status=500)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, CSRF_FAILURE)
