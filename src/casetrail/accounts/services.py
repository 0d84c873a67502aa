"""Operations on agencies and users: the only code that creates them outside the admin."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from casetrail.accounts.models import Agency, User
from casetrail.accounts.roles import AgencyKind, Role


class AccountError(ValueError):
    """An account could not be created as asked; the message says why."""


def agency_ensure(*, name: str, kind: AgencyKind | None) -> tuple[Agency, bool]:
    """The agency of that name and whether it is new. A new agency needs its kind; an
    existing one must not be given a different kind."""
    agency = Agency.objects.filter(name=name).first()
    if agency is None:
        if kind is None:
            raise AccountError(
                f"There is no agency called {name!r}; give its kind to create it "
                f"(one of: {', '.join(AgencyKind.values)})"
            )
        return Agency.objects.create(name=name, kind=kind), True
    if kind is not None and agency.kind != kind:
        raise AccountError(
            f"Agency {name!r} exists as {agency.get_kind_display()}, not {kind.label}"
        )
    if not agency.is_active:
        raise AccountError(f"Agency {name!r} has been deactivated")
    return agency, False


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    agency: Agency,
    role: Role,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    job_title: str = "",
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"A user called {username!r} already exists")
    user = User(
        username=username,
        agency=agency,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
    )
    try:
        user.full_clean(exclude=["password"])
        validate_password(password, user)
    except ValidationError as error:
        raise AccountError("; ".join(error.messages)) from None
    user.set_password(password)
    user.save()
    return user
