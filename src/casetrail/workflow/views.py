"""Case pages: the list of cases and recording a note."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from casetrail.chronology.selectors import late_records_count
from casetrail.chronology.views import case_read_record
from casetrail.web.http import SignedInRequest
from casetrail.workflow.forms import NoteForm
from casetrail.workflow.operations.notes import note_record
from casetrail.workflow.record import RecordError
from casetrail.workflow.selectors import case_for_viewer, cases_listed


@permission_required("workflow.view_case", raise_exception=True)
def case_list(request: SignedInRequest) -> HttpResponse:
    page = Paginator(cases_listed(), 50).get_page(request.GET.get("page"))
    context = {"page": page, "late_records": late_records_count()}
    return render(request, "workflow/case_list.html", context)


@permission_required("workflow.record_note", raise_exception=True)
def note_new(request: SignedInRequest, reference: str) -> HttpResponse:
    case = case_for_viewer(reference, request.user, "workflow.record_note")
    if request.method == "GET":
        case_read_record(request, case, "note form")
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            note_record(
                case_id=case.pk,
                by=request.user,
                summary=data["summary"],
                detail=data["detail"],
                occurred_at=data["occurred_at"],
                now=timezone.now(),
            )
        except RecordError as error:
            form.add_error("day" if error.field == "occurred_at" else error.field, _plain(error))
        else:
            messages.success(request, "Note recorded")
            return redirect("chronology", reference=case.reference)
    return render(request, "workflow/note_new.html", {"case": case, "form": form})


def _plain(error: RecordError) -> str:
    if error.field == "occurred_at":
        return "The date and time it happened must be now or in the past"
    return error.plain[:1].upper() + error.plain[1:]
