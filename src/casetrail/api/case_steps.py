"""Each step of the workflow as an API operation: POST /cases/{reference}/steps/{step}.

The steps are the case page's own (workflow/actions.py), with the same names,
permissions and operations; only the body is parsed differently. A step the
stage does not allow, or whose guard is unmet, is a 409 carrying what is missing.

Ninja reads each handler's annotations to build the schema, so the handlers
are made with real classes in their annotations rather than with strings.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from ninja import Router

from casetrail.accounts.models import Agency, User
from casetrail.api import step_schemas as body
from casetrail.api.case_schemas import Reference
from casetrail.api.problems import FieldProblem, Unprocessable, problem_response
from casetrail.api.responses import documented
from casetrail.chronology.models import Event
from casetrail.web.http import SignedInRequest
from casetrail.workflow.actions import ACTIONS_BY_SLUG
from casetrail.workflow.models import Case
from casetrail.workflow.operations import (
    consultation,
    exit,
    notes,
    panel,
    people,
    referral,
    support,
)
from casetrail.workflow.operations.assessment import assessment_record
from casetrail.workflow.operations.common import GuardRefused
from casetrail.workflow.record import RecordError
from casetrail.workflow.selectors import case_for_action
from casetrail.workflow.stages import StepRefused

router = Router(tags=["steps"])

Run = Callable[[Case, User, Any, datetime], Any]


@dataclass(frozen=True)
class ApiStep:
    name: str  # the case page's action slug, and the last part of the path
    body: type[body._Request]
    run: Run
    permission: str = ""  # the action's own unless given
    summary: str = ""

    def title(self) -> str:
        action = ACTIONS_BY_SLUG.get(self.name)
        return self.summary or (action.title if action else self.name)

    def needs(self) -> str:
        return self.permission or ACTIONS_BY_SLUG[self.name].permission


def _user(username: str, field: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise RecordError(field, f"there is no active user called {username!r}")
    return user


def _agency(name: str, field: str) -> Agency:
    agency = Agency.objects.filter(name=name, is_active=True).first()
    if agency is None:
        raise RecordError(field, f"there is no active agency called {name!r}")
    return agency


def _assess(case: Case, by: User, b: body.Assessment, now: datetime):
    known = {need["code"]: need["label"] for need in case.detail.get("needs", [])}
    needs = [
        {
            **({"code": need.code} if need.code else {}),
            "label": need.label or known.get(need.code or "", ""),
            **({"factors": need.factors} if need.factors else {}),
        }
        for need in b.needs
    ]
    factors = {
        code: {
            "rating": answer.rating,
            **({"evidence": answer.evidence} if answer.evidence else {}),
        }
        for code, answer in b.factors.items()
    }
    answers = {"factors": factors, "needs": needs, "presenting_behaviour": b.presenting_behaviour}
    return assessment_record(
        case_id=case.pk, by=by, now=now, answers=answers, assessed_on=b.assessed_on
    )


def _review(months: int) -> ApiStep:
    return ApiStep(
        f"review-{months}", body.Review,
        lambda c, u, b, now: exit.review_record(
            case_id=c.pk, by=u, now=now, months=months, reopen=b.outcome == "reopen",
            options=b.options, rationale=b.rationale, reviewed_on=b.reviewed_on),
    )  # fmt: skip


STEPS = [
    ApiStep(
        "decide-person-match", body.PersonMatchDecision,
        lambda c, u, b, now: people.person_match_decide(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, person_id=b.person_id,
            same=b.decision == "same", rationale=b.rationale),
    ),
    ApiStep(
        "find-person-matches", body.Nothing,
        lambda c, u, b, now: people.person_matches_find(case_id=c.pk, by=u, now=now),
    ),
    ApiStep(
        "start-screening", body.Confirm,
        lambda c, u, b, now: referral.screening_start(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at),
    ),
    ApiStep(
        "decide-adoption", body.ScreeningDecision,
        lambda c, u, b, now: referral.screening_decide(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, outcome=b.outcome,
            options=b.options, rationale=b.rationale, services=b.services),
    ),
    ApiStep(
        "request-consultation", body.ConsultationRequest,
        lambda c, u, b, now: consultation.consultation_request(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, of_referrer=b.of_referrer,
            agency=_agency(b.agency, "agency") if b.agency else None, to=b.to,
            question=b.question, due_on=b.due_on),
    ),
    ApiStep(
        "answer-consultation", body.ConsultationAnswer,
        lambda c, u, b, now: consultation.consultation_answer(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, key=b.key, answer=b.answer,
            significant=b.significant),
    ),
    ApiStep("assess", body.Assessment, _assess),
    ApiStep(
        "hold-panel", body.PanelMeeting,
        lambda c, u, b, now: panel.panel_hold(
            case_id=c.pk, by=u, now=now, met_on=b.met_on,
            agencies=[_agency(name, "agencies").name for name in b.agencies],
            attendees=b.attendees, decisions_taken=b.decisions),
    ),
    ApiStep(
        "consent", body.Consent,
        lambda c, u, b, now: panel.consent_record(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, outcome=b.outcome,
            given_by=b.given_by, name=b.name, note=b.note),
    ),
    ApiStep(
        "plan-intervention", body.Intervention,
        lambda c, u, b, now: support.intervention_plan(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, title=b.title,
            provider=_agency(b.provider, "provider"), owner=_user(b.owner, "owner"),
            needs=b.needs, session_dates=b.session_dates),
    ),
    ApiStep(
        "start-support", body.Guarded,
        lambda c, u, b, now: support.support_start(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at,
            override_rationale=b.override_rationale),
    ),
    ApiStep(
        "assess-session-risk", body.SessionRisk,
        lambda c, u, b, now: support.session_risk_assess(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, session=b.session,
            summary=b.summary),
    ),
    ApiStep(
        "record-session", body.SessionOutcome,
        lambda c, u, b, now: support.session_record(
            case_id=c.pk, by=u, now=now, session=b.session, outcome=b.outcome,
            held_on=b.held_on, note=b.note),
    ),
    ApiStep(
        "explain-gap", body.GapExplanation,
        lambda c, u, b, now: support.gap_explain(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, subject=b.subject,
            key=b.key, rationale=b.rationale),
    ),
    ApiStep(
        "waive-referrer", body.RationaleBody,
        lambda c, u, b, now: consultation.referrer_consultation_waive(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, rationale=b.rationale),
    ),
    ApiStep(
        "decide-exit", body.ExitDecision,
        lambda c, u, b, now: panel.exit_decide(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, options=b.options,
            rationale=b.rationale),
    ),
    ApiStep(
        "exit", body.Exit,
        lambda c, u, b, now: exit.case_exit(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at,
            override_rationale=b.override_rationale,
            review_owners={6: _user(b.review_6_owner, "review_6_owner"),
                           12: _user(b.review_12_owner, "review_12_owner")}),
    ),
    ApiStep(
        "refer-elsewhere", body.ReferElsewhere,
        lambda c, u, b, now: referral.screening_decide(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, outcome="refer_elsewhere",
            services=b.services, options=b.options, rationale=b.rationale),
    ),
    _review(6),
    _review(12),
    ApiStep(
        "close", body.RationaleBody,
        lambda c, u, b, now: exit.case_close(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, rationale=b.rationale),
    ),
    ApiStep(
        "reopen", body.RationaleBody,
        lambda c, u, b, now: referral.case_reopen(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, rationale=b.rationale),
    ),
    ApiStep(
        "record-note", body.Note,
        lambda c, u, b, now: notes.note_record(
            case_id=c.pk, by=u, now=now, occurred_at=b.occurred_at, summary=b.summary,
            detail=b.detail, significant=b.significant),
        permission="workflow.record_note", summary="Record a note",
    ),
]  # fmt: skip


def step_taken(step: ApiStep, request: SignedInRequest, reference: str, given: Any) -> Any:
    case = case_for_action(reference, request.user, step.needs())
    try:
        result = step.run(case, request.user, given, timezone.now())
    except RecordError as error:
        raise Unprocessable(_field_problems(error)) from None
    except GuardRefused as refused:
        return _conflict(case, step, str(refused), refused)
    except StepRefused as refused:
        return _conflict(case, step, str(refused), None)
    recorded = result if isinstance(result, list) else [result]
    case.refresh_from_db()
    return {
        "reference": case.reference,
        "stage": case.stage,
        "stage_label": case.stage_label,
        "recorded": [_recorded(event) for event in recorded if isinstance(event, Event)],
    }


def _field_problems(error: RecordError) -> list[FieldProblem]:
    problems = getattr(error, "problems", None)  # an assessment's answers, each its own
    if problems:
        return [FieldProblem(field, message) for field, message in problems]
    return [FieldProblem(error.field, error.plain[:1].upper() + error.plain[1:])]


def _conflict(case: Case, step: ApiStep, detail: str, refused: GuardRefused | None) -> HttpResponse:
    return problem_response(
        409,
        detail,
        step=step.name,
        stage=case.stage,
        guard=refused.guard if refused else None,
        overridable=bool(refused and refused.overridable),
        unmet=[{"code": item.code, "message": item.message} for item in refused.unmet]
        if refused
        else [],
    )


def _recorded(event: Event) -> dict:
    return {
        "position": event.position,
        "type": event.type,
        "occurred_at": event.occurred_at,
        "late": event.late,
    }


def _handler(step: ApiStep) -> Callable:
    schema = step.body
    if all(not field.is_required() for field in schema.model_fields.values()):
        return _handler_bodiless(step)

    def handler(request: SignedInRequest, reference: Reference, given: schema) -> Any:  # type: ignore[valid-type]
        return step_taken(step, request, reference, given)

    handler.__name__ = "case_step_" + step.name.replace("-", "_")
    return handler


def _handler_bodiless(step: ApiStep) -> Callable:
    """A step that needs nothing may be sent with no body at all."""
    schema = step.body

    def handler(request: SignedInRequest, reference: Reference, given: schema = None) -> Any:  # type: ignore[valid-type]
        return step_taken(step, request, reference, given or schema())

    handler.__name__ = "case_step_" + step.name.replace("-", "_")
    return handler


for _step in STEPS:
    router.add_api_operation(
        f"/{{reference}}/steps/{_step.name}",
        ["POST"],
        _handler(_step),
        operation_id="case_step_" + _step.name.replace("-", "_"),
        url_name="case_step_" + _step.name.replace("-", "_"),
        summary=_step.title(),
        description=(_step.body.__doc__ or "").strip() or None,
        **documented(200, body.StepResult, "Done: the records added", 400, 403, 404, 409, 422),
    )
