"""The Django admin, open to administrators only (rule `casetrail.use_admin`)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class CasetrailAdminSite(admin.AdminSite):
    site_header = "casetrail administration"
    site_title = "casetrail administration"
    index_title = "Agencies, users and policy"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("casetrail.use_admin")

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # One sign-in page for the whole service; a signed-in user without the
        # administrator role is refused outright rather than asked to sign in again.
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise PermissionDenied("The admin is for administrators only.")
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(next_url, reverse("sign-in"))

    def logout(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        return redirect("sign-out")


admin_site = CasetrailAdminSite(name="admin")
