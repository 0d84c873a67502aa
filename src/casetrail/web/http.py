"""Request types for views: every page but sign-in needs a signed-in user."""

from django.http import HttpRequest

from casetrail.accounts.models import User


class SignedInRequest(HttpRequest):
    user: User
