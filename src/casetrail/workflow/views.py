"""Case pages: the caseload, a case's summary, each step's form, referrals and notes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from casetrail.chronology.views import case_read_record
from casetrail.web.http import SignedInRequest
from casetrail.workflow.actions import ACTIONS_BY_SLUG, actions_available
from casetrail.workflow.case_summary import case_summary
from casetrail.workflow.forms import CaseloadFilter, NoteForm
from casetrail.workflow.operations.common import GuardRefused
from casetrail.workflow.operations.notes import note_record
from casetrail.workflow.operations.referral import Referral, referral_receive
from casetrail.workflow.person_summary import (
    person_cases,
    possible_records,
    too_little_to_match,
)
from casetrail.workflow.record import RecordError
from casetrail.workflow.referral_form import ReferralForm
from casetrail.workflow.selectors import (
    case_for_action,
    case_for_viewer,
    cases_listed,
    scope_default,
)
from casetrail.workflow.signals import moment_at
from casetrail.workflow.stages import StepRefused


@permission_required("workflow.view_case", raise_exception=True)
def case_list(request: SignedInRequest) -> HttpResponse:
    form = CaseloadFilter(request.GET or None, initial={"scope": scope_default(request.user)})
    filters = form.cleaned_data if form.is_valid() else {}
    sort = filters.get("sort") or "-opened"
    cases = cases_listed(
        request.user,
        moment=moment_at(timezone.now()),
        scope=filters.get("scope") or scope_default(request.user),
        stage=filters.get("stage", ""),
        signal=filters.get("signal", ""),
        query=filters.get("q", ""),
        sort=sort,
    )
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "form": form, "sort": sort, "query": query}
    return render(request, "workflow/case_list.html", context)


@permission_required("workflow.view_case", raise_exception=True)
def case_page(request: SignedInRequest, reference: str) -> HttpResponse:
    case = case_for_viewer(reference, request.user)
    case_read_record(request, case, "case summary")
    now = timezone.now()
    context = {
        "case": case,
        "summary": case_summary(case, now=now),
        "actions": actions_available(case, request.user),
    }
    if request.user.has_perm("people.match", case):
        context["possible_records"] = possible_records(case)
        context["person_cases"] = person_cases(case)
        context["too_little_to_match"] = too_little_to_match(case)
    return render(request, "workflow/case_page.html", context)


def case_action(request: SignedInRequest, reference: str, slug: str) -> HttpResponse:
    action = ACTIONS_BY_SLUG.get(slug)
    if action is None:
        raise Http404("No such step")
    case = case_for_action(reference, request.user, action.permission)
    if request.method == "GET":
        case_read_record(request, case, action.title.lower())
    form = action.form_for(case, request.user, request.POST if request.method == "POST" else None)
    context = {"case": case, "action": action, "form": form, "unmet": [], "refusal": ""}
    if request.method == "POST" and form.is_valid():
        try:
            result = action.run(case, request.user, form, timezone.now())
        except RecordError as error:
            _form_error(form, error)
        except GuardRefused as refused:
            context.update(unmet=refused.unmet, refused=refused)
            context["may_override"] = refused.overridable and request.user.has_perm(
                "workflow.override_guard", case
            )
            return render(request, "workflow/case_action.html", context, status=409)
        except StepRefused as refused:
            context["refusal"] = str(refused)
            return render(request, "workflow/case_action.html", context, status=409)
        else:
            messages.success(request, f"{action.title}: {action.done(result)}")
            if request.user.has_perm("workflow.view_case", case):
                return redirect("case", reference=case.reference)
            return redirect("home")
    return render(request, "workflow/case_action.html", context)


def _form_error(form, error: RecordError) -> None:
    message = error.plain[:1].upper() + error.plain[1:]
    problems = getattr(error, "problems", None)
    if problems:
        for field, text in problems:
            form.add_error(None, f"{field}: {text}")
        return
    target = error.field.split(".")[0]
    form.add_error(target if target in form.fields else None, message)


@permission_required("workflow.receive_referral", raise_exception=True)
def referral_new(request: SignedInRequest) -> HttpResponse:
    user = request.user
    initial = {"referrer_name": user.get_full_name(), "referrer_email": user.email}
    form = ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = Referral(
            person_name=data["person_name"],
            aliases=data["aliases"].splitlines(),
            birth_date=data["birth_date"],
            address=data["address"],
            town=data["town"],
            postcode=data["postcode"],
            identifiers=form.identifiers(),
            concerns=data["concerns"],
            relationship=data["relationship"],
            person_aware=data["person_aware"],
            other_services=data["other_services"],
            referrer_name=data["referrer_name"],
            referrer_email=data["referrer_email"],
            referrer_phone=data["referrer_phone"],
        )
        try:
            case = referral_receive(by=user, referral=referral, now=timezone.now())
        except RecordError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Referral received: its reference is {case.reference}")
            if user.has_perm("workflow.view_case", case):
                return redirect("case", reference=case.reference)
            return redirect("home")
    return render(request, "workflow/referral_new.html", {"form": form})


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
                significant=data["significant"],
                occurred_at=data["occurred_at"],
                now=timezone.now(),
            )
        except RecordError as error:
            if error.field == "occurred_at":
                form.add_error("day", "The date and time it happened must be now or in the past")
            else:
                _form_error(form, error)
        except StepRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Note recorded")
            return redirect("chronology", reference=case.reference)
    return render(request, "workflow/note_new.html", {"case": case, "form": form})
