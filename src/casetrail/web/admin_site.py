"""The Django admin, open to administrators only (rule `casetrail.use_admin`)."""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from casetrail.accounts.views import SignOutView


class CasetrailAdminSite(admin.AdminSite):
    site_header = "casetrail administration"
    site_title = "casetrail administration"
    index_title = "Agencies, users and policy"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("casetrail.use_admin")

    def admin_view(self, view, cacheable=False):
        # Django's admin sends anyone without permission to its own sign-in page;
        # a signed-in user who lacks the role is refused outright instead.
        wrapped = super().admin_view(view, cacheable)

        def refuse_other_roles(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied("The admin is for administrators only.")
            return wrapped(request, *args, **kwargs)

        return update_wrapper(refuse_other_roles, view)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        # One sign-in page for the whole service.
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise PermissionDenied("The admin is for administrators only.")
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(next_url, reverse("sign-in"))

    def logout(self, request: HttpRequest, extra_context=None):
        # The service's own sign-out, so there is one way out as there is one way in.
        return SignOutView.as_view()(request)


admin_site = CasetrailAdminSite(name="admin")
