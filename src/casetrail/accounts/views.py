"""Pages about signing in and out, and who holds which role."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from casetrail.accounts.forms import SignInForm
from casetrail.accounts.roles import ROLE_PURPOSE, Role
from casetrail.accounts.selectors import directory_agencies


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(failure_limit=settings.AXES_FAILURE_LIMIT, **kwargs)


class SignOutView(auth_views.LogoutView):
    pass


@login_not_required
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


@permission_required("accounts.view_directory", raise_exception=True)
def directory(request: HttpRequest) -> HttpResponse:
    roles = [{"label": role.label, "purpose": ROLE_PURPOSE[role]} for role in Role]
    context = {"agencies": directory_agencies(), "roles": roles}
    return render(request, "accounts/directory.html", context)
