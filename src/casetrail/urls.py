"""casetrail's URLs: each app's pages, the admin, and the error handlers."""

from django.urls import path

from casetrail.accounts import views as accounts
from casetrail.web import views as web
from casetrail.web.admin_site import admin_site

urlpatterns = [
    path("", web.home, name="home"),
    path("sign-in/", accounts.SignInView.as_view(), name="sign-in"),
    path("sign-out/", accounts.SignOutView.as_view(), name="sign-out"),
    path("signed-out/", accounts.signed_out, name="signed-out"),
    path("agencies-and-roles/", accounts.directory, name="directory"),
    path("health/", web.health, name="health"),
    path("admin/", admin_site.urls),
]

handler400 = "casetrail.web.views.bad_request"
handler403 = "casetrail.web.views.forbidden"
handler404 = "casetrail.web.views.not_found"
handler500 = "casetrail.web.views.server_error"
