"""Read queries about cases."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from casetrail.workflow.models import Case


def case_for_viewer(reference: str, user, permission: str = "workflow.view_case") -> Case:
    """The case, if it exists and the user may see it; otherwise as if it did not exist."""
    case = Case.objects.filter(reference=reference).first()
    if case is None or not user.has_perm("workflow.view_case", case):
        raise Http404("No such case")
    if not user.has_perm(permission, case):
        raise PermissionDenied
    return case


def cases_listed() -> QuerySet[Case]:
    return Case.objects.exclude(reference=None).order_by("-opened_at", "-id")
