"""casetrail's URLs: each app's pages, the API, the admin, and the error handlers."""

from django.urls import include, path

from casetrail.accounts import token_views
from casetrail.accounts import views as accounts
from casetrail.api import main as api
from casetrail.chronology import views as chronology
from casetrail.web import views as web
from casetrail.web.admin_site import admin_site
from casetrail.workflow import dashboard
from casetrail.workflow import views as workflow

urlpatterns = [
    path("", web.home, name="home"),
    path("sign-in/", accounts.SignInView.as_view(), name="sign-in"),
    path("sign-out/", accounts.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", accounts.signed_out, name="signed-out"),
    path("agencies-and-roles/", accounts.directory, name="directory"),
    path("account/api-tokens/", token_views.api_tokens, name="api-tokens"),
    path(
        "account/api-tokens/<str:key_id>/revoke/",
        token_views.api_token_revoke,
        name="api-token-revoke",
    ),
    path("cases/", workflow.case_list, name="cases"),
    path("referrals/new/", workflow.referral_new, name="referral-new"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("cases/<str:reference>/", workflow.case_page, name="case"),
    path("cases/<str:reference>/chronology/", chronology.timeline, name="chronology"),
    path("cases/<str:reference>/steps/<slug:slug>/", workflow.case_action, name="case-action"),
    path("cases/<str:reference>/records/<int:position>/", chronology.record, name="record"),
    path("cases/<str:reference>/access-log/", chronology.access_log, name="access-log"),
    path("cases/<str:reference>/purpose/", chronology.purpose_state, name="purpose"),
    path("cases/<str:reference>/notes/new/", workflow.note_new, name="note-new"),
    path("people/", include("casetrail.people.urls")),
    path("api/v1/", api.urls),
    path("health/", web.health, name="health"),
    path("admin/", admin_site.urls),
]

handler400 = "casetrail.web.views.bad_request"
handler403 = "casetrail.web.views.forbidden"
handler404 = "casetrail.web.views.not_found"
handler500 = "casetrail.web.views.server_error"
