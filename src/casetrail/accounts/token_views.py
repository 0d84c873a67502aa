"""The signed-in user's own API tokens: the list, making one, and revoking one."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from casetrail.accounts.models import TOKEN_NAME_MAX, ApiToken
from casetrail.accounts.tokens import (
    ACTIVE,
    EXPIRY_DAYS_MAX,
    TokenError,
    token_create,
    token_revoke,
    token_status,
    tokens_of,
)
from casetrail.web.http import SignedInRequest


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is it for?",
        max_length=TOKEN_NAME_MAX,
        help_text="The system that will use it, for example “Police case system”",
        error_messages={
            "required": "Enter what the token is for",
            "max_length": f"What it is for must be {TOKEN_NAME_MAX} characters or fewer",
        },
    )
    expires_in_days = forms.IntegerField(
        label="Expires after (days, optional)",
        required=False,
        min_value=1,
        max_value=EXPIRY_DAYS_MAX,
        help_text="Leave empty for a token that lasts until it is revoked",
        error_messages={
            "invalid": "Enter the number of days as a whole number, for example 90",
            "min_value": "The token must last at least 1 day",
            "max_value": f"The token can last at most {EXPIRY_DAYS_MAX} days",
        },
    )


# Never cached: the page that shows a new token must not be kept where the browser's
# history or a shared cache could show it again.
@never_cache
def api_tokens(request: SignedInRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    plaintext = ""
    if request.method == "POST" and form.is_valid():
        try:
            _, plaintext = token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
                now=timezone.now(),
            )
        except TokenError as error:
            form.add_error(None, str(error))
        else:
            form = TokenForm()  # shown once, here: a redirect would lose it
    return render(request, "accounts/api_tokens.html", _context(request, form, plaintext))


@require_POST
def api_token_revoke(request: SignedInRequest, key_id: str) -> HttpResponse:
    # 404, not 403, for someone else's: a key id tells its guesser nothing, not even that it exists.
    token = get_object_or_404(ApiToken, key_id=key_id, user=request.user)
    try:
        token_revoke(token=token, by=request.user, now=timezone.now())
    except TokenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Token {token.key_id} ({token.name}) revoked")
    return redirect("api-tokens")


def _context(request: SignedInRequest, form: TokenForm, plaintext: str) -> dict[str, object]:
    now = timezone.now()
    rows = [_row(token, now=now) for token in tokens_of(request.user)]
    return {"form": form, "plaintext": plaintext, "rows": rows}


def _row(token: ApiToken, *, now: datetime) -> dict[str, object]:
    status = token_status(token, now=now)
    return {"token": token, "status": status, "active": status == ACTIVE}
