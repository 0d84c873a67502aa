"""What every page's layout needs: the service name and the navigation the user may see."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

SERVICE_NAME = "casetrail"


def service(request: HttpRequest) -> dict[str, object]:
    return {"service_name": SERVICE_NAME, "navigation": _navigation(request)}


def _navigation(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items: list[tuple[str, str, str | None]] = [
        ("Your work", "home", None),
        ("Cases", "cases", "workflow.view_case"),
        ("People to review", "people-review", "people.review_pairs"),
        ("Dashboard", "dashboard", "workflow.view_dashboard"),
        ("Make a referral", "referral-new", "workflow.receive_referral"),
        ("Agencies and roles", "directory", "accounts.view_directory"),
        ("Administration", "admin:index", "casetrail.use_admin"),
    ]
    path = request.path
    links = []
    for text, url_name, permission in items:
        if permission and not user.has_perm(permission):
            continue
        href = reverse(url_name)
        current = path == href if href == "/" else path.startswith(href)
        links.append({"text": text, "href": href, "current": current})
    return links
