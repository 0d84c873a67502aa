"""Reading cases through the API: the caseload, one case, its chronology and its guards.

Every read of a case is logged, as a page read is, with the API as its channel (F12).
A case the caller may not see is answered 404, exactly as one that does not exist.
"""

from __future__ import annotations

import math
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from casetrail.api.case_schemas import (
    AccessLogOut,
    CaseDetail,
    CaseList,
    ChronologyOut,
    GuardsOut,
    Reference,
)
from casetrail.api.responses import documented
from casetrail.chronology.access import case_access_record, case_accesses
from casetrail.chronology.models import CaseAccess
from casetrail.chronology.selectors import TimelineEntry, case_timeline
from casetrail.web.http import SignedInRequest
from casetrail.workflow.actions import actions_available
from casetrail.workflow.case_summary import GUARD_HEADINGS, case_summary
from casetrail.workflow.models import Case
from casetrail.workflow.selectors import case_for_viewer, cases_listed, scope_default
from casetrail.workflow.signals import SIGNALS_BY_CODE, moment_at
from casetrail.workflow.stages import Stage

router = Router(tags=["cases"])

GUARD_NAMES = {heading: name for name, heading in GUARD_HEADINGS.items()}


class CaseFilters(Schema):
    model_config = ConfigDict(extra="forbid")

    stage: Stage | None = None
    signal: Literal[tuple(SIGNALS_BY_CODE)] | None = Field(  # type: ignore[valid-type]
        None, description="Only cases showing this dashboard signal"
    )
    scope: Literal["mine", "all"] | None = Field(
        None, description="Your own cases, or all you may see; caseworkers default to mine"
    )
    q: str = Field("", max_length=200, description="A reference, or part of the person's name")
    sort: Literal[
        "reference", "-reference", "person", "-person", "stage", "-stage",
        "opened", "-opened", "updated", "-updated",
    ] = "-opened"  # fmt: skip
    page: int = Field(1, ge=1, le=100_000)
    per_page: int = Field(50, ge=1, le=200)


@router.get(
    "",
    operation_id="cases_list",
    summary="List the cases you may see",
    description="Filtered as the caseload page filters, newest first unless sorted otherwise.",
    **documented(200, CaseList, "A page of cases", 403, 422),
)
def cases_list(request: SignedInRequest, filters: Query[CaseFilters]) -> dict:
    user = request.user
    if not user.has_perm("workflow.view_case"):
        raise PermissionDenied("You may not read cases")
    cases = cases_listed(
        user,
        moment=moment_at(timezone.now()),
        scope=filters.scope or scope_default(user),
        stage=filters.stage or "",
        signal=filters.signal or "",
        query=filters.q,
        sort=filters.sort,
    )
    count = cases.count()
    start = (filters.page - 1) * filters.per_page
    rows = cases.select_related("owner")[start : start + filters.per_page]
    return {
        "count": count,
        "page": filters.page,
        "per_page": filters.per_page,
        "pages": max(1, math.ceil(count / filters.per_page)),
        "cases": [_row(case) for case in rows],
    }


def _row(case: Case) -> dict:
    return {
        "reference": case.reference,
        "person_name": case.person_name,
        "stage": case.stage,
        "stage_label": case.stage_label,
        "owner": case.owner.username if case.owner else None,
        "opened_at": case.opened_at,
        "last_recorded_at": case.last_recorded_at,
        "late_records": case.late_events,
        "matches_undecided": case.matches_undecided,
    }


@router.get(
    "/{reference}",
    operation_id="case_get",
    summary="One case: where it stands, what is due, and what its guards still need",
    **documented(200, CaseDetail, "The case", 404),
)
def case_get(request: SignedInRequest, reference: Reference) -> dict:
    case = _case_read(request, reference, "case summary")
    now = timezone.now()
    summary = case_summary(case, now=now)
    referrer = case.detail.get("referrer")
    return {
        "reference": case.reference,
        "stage": case.stage,
        "stage_label": case.stage_label,
        "person": {
            "person_id": case.person_id,
            "name": case.person_name,
            "birth_date": case.person_birth_date,
        },
        "referrer": {key: referrer.get(key, "") for key in ("name", "email", "agency")}
        if referrer
        else None,
        "summary": case.summary,
        "owner": case.owner.username if case.owner else None,
        "opened_at": case.opened_at,
        "stage_changed_at": case.stage_changed_at,
        "exited_at": case.exited_at,
        "last_recorded_at": case.last_recorded_at,
        "records": case.head_position,
        "late_records": case.late_events,
        "assessment_problem": problem.message
        if (problem := summary["assessment_problem"])
        else None,
        "reviews": [{**review, "months": int(review["months"])} for review in summary["reviews"]],
        "consultations": summary["consultations"],
        "needs": summary["needs"],
        "sessions": summary["sessions"],
        "guards": _guards(summary),
        "steps": _steps(case, request),
    }


@router.get(
    "/{reference}/guards",
    operation_id="case_guards",
    summary="What each guard ahead of the case still needs, and the steps you may take",
    **documented(200, GuardsOut, "The guards and steps", 404),
)
def case_guards(request: SignedInRequest, reference: Reference) -> dict:
    case = _case_read(request, reference, "guards")
    summary = case_summary(case, now=timezone.now())
    return {
        "reference": case.reference,
        "stage": case.stage,
        "guards": _guards(summary),
        "steps": _steps(case, request),
    }


@router.get(
    "/{reference}/chronology",
    operation_id="case_chronology",
    summary="The case's chronology: every record, in the order things happened",
    **documented(200, ChronologyOut, "The chronology", 404),
)
def case_chronology(request: SignedInRequest, reference: Reference) -> dict:
    case = _case_read(request, reference, "chronology")
    return {
        "reference": case.reference,
        "events": [_event(entry) for entry in case_timeline(case, viewer=request.user)],
    }


@router.get(
    "/{reference}/access-log",
    operation_id="case_access_log",
    summary="Who has read the case: when, through what, and why",
    description="For supervisors and auditors, who answer for how a case was handled (F12).",
    **documented(200, AccessLogOut, "The reads of the case", 403, 404),
)
def case_access_log(request: SignedInRequest, reference: Reference) -> dict:
    case = _case_read(request, reference, "access log", "chronology.view_access_log")
    accesses = case_accesses(case)[:500]
    return {
        "reference": case.reference,
        "accesses": [
            {
                "accessed_at": access.accessed_at,
                "username": access.user.username,
                "name": access.user.get_full_name() or access.user.username,
                "agency": access.agency.name,
                "what": access.what,
                "channel": access.channel,
                "purpose": access.purpose,
            }
            for access in accesses
        ],
    }


def _case_read(
    request: SignedInRequest, reference: str, what: str, permission: str = "workflow.view_case"
) -> Case:
    case = case_for_viewer(reference, request.user, permission)
    case_access_record(
        case=case,
        user=request.user,
        what=what,
        channel=CaseAccess.Channel.API,
        now=timezone.now(),
    )
    return case


def _guards(summary: dict) -> list[dict]:
    return [
        {
            "guard": GUARD_NAMES[title],
            "title": title,
            "met": not unmet,
            "unmet": [{"code": item.code, "message": item.message} for item in unmet],
        }
        for title, unmet in summary["guards"]
    ]


def _steps(case: Case, request: SignedInRequest) -> list[dict]:
    return [
        {
            "step": action.slug,
            "title": action.title,
            "path": reverse(
                "api:case_step_" + action.slug.replace("-", "_"), args=[case.reference]
            ),
        }
        for action in actions_available(case, request.user)
    ]


def _actor(user) -> dict | None:
    return (
        {"username": user.username, "name": user.get_full_name() or user.username} if user else None
    )


def _event(entry: TimelineEntry) -> dict:
    event = entry.event
    return {
        "position": event.position,
        "type": event.type,
        "label": entry.label,
        "title": entry.title,
        "occurred_at": event.occurred_at,
        "recorded_at": event.recorded_at,
        "late": event.late,
        "actor": _actor(event.actor),
        "agency": event.agency.name if event.agency else "",
        "is_decision": entry.is_decision,
        "redacted": entry.redacted,
        "withheld": entry.withheld,
        "payload": entry.payload,
        "hash": event.hash,
    }
