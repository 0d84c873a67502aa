"""Read queries about cases: finding one for a person, and the caseload."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from casetrail.accounts.roles import Role
from casetrail.workflow.models import Case
from casetrail.workflow.signals import SIGNALS_BY_CODE, Moment


def case_for_viewer(reference: str, user, permission: str = "workflow.view_case") -> Case:
    """The case, if it exists and the user may see it; otherwise as if it did not exist."""
    case = Case.objects.filter(reference=reference).first()
    if case is None or not user.has_perm("workflow.view_case", case):
        raise Http404("No such case")
    if not user.has_perm(permission, case):
        raise PermissionDenied
    return case


def case_for_action(reference: str, user, permission: str) -> Case:
    """The case, if the user may see it or take this step on it (a referrer answering)."""
    case = Case.objects.filter(reference=reference).first()
    if case is None or not (
        user.has_perm("workflow.view_case", case) or user.has_perm(permission, case)
    ):
        raise Http404("No such case")
    if not user.has_perm(permission, case):
        raise PermissionDenied
    return case


SORTS = {
    "reference": "reference",
    "person": "person_name",
    "stage": "stage",
    "opened": "opened_at",
    "updated": "last_recorded_at",
}


def scope_default(user) -> str:
    return "mine" if user.role in (Role.CASEWORKER, Role.INTERVENTION_PROVIDER) else "all"


def cases_visible(user) -> QuerySet[Case]:
    """Every case this user may read: providers only those their agency provides for."""
    # A case's reference is set in the transaction that creates it, so no reader ever
    # sees one without; testing for it would stop counts being answered from indexes.
    cases = Case.objects.all()
    if user.role == Role.INTERVENTION_PROVIDER:
        cases = cases.filter(involved__contains=f"|a{user.agency_id}|")
    return cases


def cases_listed(
    user,
    *,
    moment: Moment,
    scope: str = "all",
    stage: str = "",
    signal: str = "",
    query: str = "",
    sort: str = "-opened",
) -> QuerySet[Case]:
    cases = cases_visible(user)
    if scope == "mine" and user.role != Role.INTERVENTION_PROVIDER:
        cases = cases.filter(involved__contains=f"|u{user.pk}|")
    if stage:
        cases = cases.filter(stage=stage)
    if signal in SIGNALS_BY_CODE:
        cases = cases.filter(SIGNALS_BY_CODE[signal].where(moment))
    if query.strip():
        text = query.strip()
        # References are upper case, so the unique index finds one whatever was typed.
        cases = cases.filter(Q(reference=text.upper()) | Q(person_name__icontains=text))
    field = SORTS.get(sort.lstrip("-"), "opened_at")
    order = f"-{field}" if sort.startswith("-") else field
    return cases.select_related("owner").order_by(order, "-id")


def referrals_of(user) -> list[dict]:
    """A referrer's own referrals: where each stands, and what is asked of them (F8)."""
    rows = []
    for case in Case.objects.filter(referrer=user).order_by("-opened_at")[:100]:
        asked = [
            {"key": key, **item}
            for key, item in case.detail.get("consultations", {}).items()
            if item["of_referrer"] and not item["answered_on"]
        ]
        rows.append({"case": case, "asked": asked})
    return rows
