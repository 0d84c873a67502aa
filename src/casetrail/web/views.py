"""The home page, the health check and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from casetrail.accounts.roles import ROLE_PURPOSE
from casetrail.web.context_processors import SERVICE_NAME


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"role_purpose": ROLE_PURPOSE[user.role]}  # type: ignore[union-attr]
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


@login_not_required
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


@login_not_required
def forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


@login_not_required
def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: the fault may be the database the layout reads.
    body = loader.render_to_string("errors/500.html", {"service_name": SERVICE_NAME})
    return HttpResponse(body, status=500)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
