"""The chronology pages: a case's timeline, one record in full, and who has read the case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from casetrail.chronology.access import case_access_record, case_accesses
from casetrail.chronology.forms import PurposeForm, TimelineFilter
from casetrail.chronology.models import CaseAccess
from casetrail.chronology.selectors import case_event, case_timeline, case_timeline_choices
from casetrail.web.http import SignedInRequest
from casetrail.workflow.selectors import case_for_viewer


def case_read_record(request: SignedInRequest, case, what: str, purpose: str = "") -> None:
    # A purpose comes only from a posted form: one in a link could be planted by anyone.
    case_access_record(
        case=case,
        user=request.user,
        what=what,
        now=timezone.now(),
        channel=CaseAccess.Channel.PAGE,
        purpose=purpose,
    )


@permission_required("workflow.view_case", raise_exception=True)
def timeline(request: SignedInRequest, reference: str) -> HttpResponse:
    case = case_for_viewer(reference, request.user)
    types, agencies = case_timeline_choices(case)
    form = TimelineFilter(request.GET or None, types=types, agencies=agencies)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = case_timeline(
        case,
        viewer=request.user,
        event_type=filters.get("type", ""),
        agency_id=int(filters["agency"]) if filters.get("agency") else None,
        late_only=filters.get("late_only", False),
    )
    case_read_record(request, case, "chronology")
    context = {
        "case": case,
        "entries": entries,
        "form": form,
        "filtered": bool(filters),
        "purpose_form": PurposeForm(),
    }
    return render(request, "chronology/timeline.html", context)


@permission_required("workflow.view_case", raise_exception=True)
def record(request: SignedInRequest, reference: str, position: int) -> HttpResponse:
    case = case_for_viewer(reference, request.user)
    entry = case_event(case, position, viewer=request.user)
    if entry is None:
        raise Http404("No such record")
    case_read_record(request, case, f"record {position}")
    return render(request, "chronology/record.html", {"case": case, "entry": entry})


@permission_required("chronology.view_access_log", raise_exception=True)
def access_log(request: SignedInRequest, reference: str) -> HttpResponse:
    case = case_for_viewer(reference, request.user, "chronology.view_access_log")
    case_read_record(request, case, "access log")
    context = {"case": case, "accesses": case_accesses(case)[:500]}
    return render(request, "chronology/access_log.html", context)


@require_POST
@permission_required("workflow.view_case", raise_exception=True)
def purpose_state(request: SignedInRequest, reference: str) -> HttpResponse:
    case = case_for_viewer(reference, request.user)
    form = PurposeForm(request.POST)
    if not form.is_valid():
        [problem] = form.errors.get_json_data()["purpose"][:1]
        messages.error(request, problem["message"])
        return redirect("chronology", reference=case.reference)
    case_read_record(request, case, "reason for reading", form.cleaned_data["purpose"])
    messages.success(request, "Your reason for reading this case has been recorded")
    return redirect("chronology", reference=case.reference)
