"""Each step a person can take on a case page: its form, who may take it, the operation it calls."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casetrail.accounts.models import User
from casetrail.assessments.loading import definition_in_force
from casetrail.workflow import step_forms as forms
from casetrail.workflow.models import Case
from casetrail.workflow.operations import consultation, exit, panel, people, referral, support
from casetrail.workflow.operations.assessment import assessment_record
from casetrail.workflow.operations.common import ASSESSMENT_FORM
from casetrail.workflow.person_forms import PersonMatchForm
from casetrail.workflow.projection import matches_undecided, needs_unplanned
from casetrail.workflow.stages import TRANSITIONS, Stage, Step


@dataclass(frozen=True)
class Action:
    slug: str
    title: str
    step: Step
    permission: str
    form: type[forms.CaseForm]
    # The form is the action's own form class, whose helpers the runner may call.
    run: Callable[[Case, User, Any, datetime], object]
    button: str = "Save"
    # Whether there is anything to act on (an open request, a planned session, ...).
    relevant: Callable[[Case], bool] = lambda case: True
    guarded: bool = False
    # What to tell the person afterwards, from what `run` gave back.
    done: Callable[[Any], str] = lambda result: "done"

    def allowed(self, case: Case, user: User) -> bool:
        stage = Stage(case.stage) if case.stage else None
        return (
            stage in TRANSITIONS[self.step]
            and user.has_perm(self.permission, case)
            and self.relevant(case)
        )

    def form_for(self, case: Case, user: User, data=None) -> forms.CaseForm:
        extra = (
            {"definition": definition_in_force(ASSESSMENT_FORM)} if self.slug == "assess" else {}
        )
        return self.form(data, case=case, user=user, **extra)


def _override(form: forms.CaseForm) -> str | None:
    return form.cleaned_data.get("override_rationale", "").strip() or None


def _sessions(case: Case, *, unassessed: bool = False) -> bool:
    return any(
        item["status"] == "planned" and not (unassessed and item["risk_assessed"])
        for item in case.detail.get("sessions", {}).values()
    )


def _outstanding(case: Case) -> bool:
    return any(not item["answered_on"] for item in case.detail.get("consultations", {}).values())


def _gaps(case: Case) -> bool:
    return bool(needs_unplanned(case.detail)) or _sessions(case)


def _review_action(months: int) -> Action:
    return Action(
        f"review-{months}", f"Record the {months}-month review",
        Step.RECORD_REVIEW_6 if months == 6 else Step.RECORD_REVIEW_12,
        SUPPORT, forms.ReviewForm,
        lambda c, u, f, now: exit.review_record(
            case_id=c.pk, by=u, now=now, months=months,
            reopen=f.cleaned_data["outcome"] == "reopen", options=f.considered(),
            rationale=f.cleaned_data["rationale"], reviewed_on=f.cleaned_data["reviewed_on"]),
        button="Record review",
    )  # fmt: skip


SCREENING = "workflow.screen"
SUPPORT = "workflow.manage_support"

ACTIONS = [
    Action(
        "decide-person-match", "Decide a possible earlier record", Step.DECIDE_PERSON_MATCH,
        "people.match", PersonMatchForm,
        lambda c, u, f, now: people.person_match_decide(
            case_id=c.pk, by=u, now=now, person_id=f.cleaned_data["person_id"],
            same=f.cleaned_data["decision"] == "same", rationale=f.cleaned_data["rationale"]),
        button="Record decision", relevant=lambda case: bool(matches_undecided(case.detail)),
    ),
    Action(
        "find-person-matches", "Look again for earlier records", Step.FIND_PERSON_MATCHES,
        "people.match", forms.ConfirmForm,
        lambda c, u, f, now: people.person_matches_find(case_id=c.pk, by=u, now=now),
        button="Look again", relevant=lambda case: case.person_id is not None,
        done=lambda events: (
            "possible earlier records found: decide each below" if events
            else "no possible earlier records found beyond those already here"
        ),
    ),
    Action(
        "start-screening", "Start screening", Step.START_SCREENING, SCREENING, forms.ConfirmForm,
        lambda c, u, f, now: referral.screening_start(case_id=c.pk, by=u, now=now),
        button="Start screening",
    ),
    Action(
        "decide-adoption", "Record the screening decision", Step.ADOPT, SCREENING,
        forms.ScreeningDecisionForm,
        lambda c, u, f, now: referral.screening_decide(
            case_id=c.pk, by=u, now=now, outcome=f.cleaned_data["outcome"],
            options=f.considered(), rationale=f.cleaned_data["rationale"],
            services=f.cleaned_data["services"]),
        button="Record decision",
    ),
    Action(
        "request-consultation", "Ask for information or views", Step.REQUEST_CONSULTATION,
        "workflow.consult", forms.ConsultationRequestForm,
        lambda c, u, f, now: consultation.consultation_request(
            case_id=c.pk, by=u, now=now, of_referrer=f.cleaned_data["who"] == "referrer",
            agency=f.cleaned_data["agency"], to=f.cleaned_data["to"],
            question=f.cleaned_data["question"], due_on=f.cleaned_data["due_on"]),
        button="Send request",
    ),
    Action(
        "answer-consultation", "Record an answer to a request", Step.ANSWER_CONSULTATION,
        "workflow.answer_consultation", forms.ConsultationAnswerForm,
        lambda c, u, f, now: consultation.consultation_answer(
            case_id=c.pk, by=u, now=now, key=f.cleaned_data["key"],
            answer=f.cleaned_data["answer"], significant=f.cleaned_data["significant"]),
        button="Record answer", relevant=_outstanding,
    ),
    Action(
        "assess", "Record a vulnerability assessment", Step.RECORD_ASSESSMENT, SUPPORT,
        forms.AssessmentForm,
        lambda c, u, f, now: assessment_record(
            case_id=c.pk, by=u, now=now, answers=f.answers(),
            assessed_on=f.cleaned_data["assessed_on"]),
        button="Record assessment",
    ),
    Action(
        "hold-panel", "Record a panel meeting", Step.HOLD_PANEL, "workflow.chair_panel",
        forms.PanelForm,
        lambda c, u, f, now: panel.panel_hold(
            case_id=c.pk, by=u, now=now, met_on=f.cleaned_data["met_on"],
            agencies=f.cleaned_data["agencies"], attendees=f.cleaned_data["attendees"],
            decisions_taken=f.cleaned_data["decisions"]),
        button="Record meeting",
    ),
    Action(
        "consent", "Record consent", Step.RECORD_CONSENT, SUPPORT, forms.ConsentForm,
        lambda c, u, f, now: panel.consent_record(
            case_id=c.pk, by=u, now=now, outcome=f.cleaned_data["outcome"],
            given_by=f.cleaned_data["given_by"], name=f.cleaned_data["name"],
            note=f.cleaned_data["note"]),
        button="Record consent",
    ),
    Action(
        "plan-intervention", "Plan an intervention", Step.PLAN_INTERVENTION, SUPPORT,
        forms.InterventionForm,
        lambda c, u, f, now: support.intervention_plan(
            case_id=c.pk, by=u, now=now, title=f.cleaned_data["title"],
            provider=f.cleaned_data["provider"], owner=f.cleaned_data["owner"],
            needs=f.cleaned_data["needs"],
            session_dates=f.session_dates()),
        button="Add to the plan",
    ),
    Action(
        "start-support", "Start support", Step.START_SUPPORT, SUPPORT, forms.GuardedForm,
        lambda c, u, f, now: support.support_start(
            case_id=c.pk, by=u, now=now, override_rationale=_override(f)),
        button="Start support", guarded=True,
    ),
    Action(
        "assess-session-risk", "Record a session's risk assessment", Step.ASSESS_SESSION_RISK,
        "workflow.record_session", forms.RiskAssessmentForm,
        lambda c, u, f, now: support.session_risk_assess(
            case_id=c.pk, by=u, now=now, session=f.cleaned_data["session"],
            summary=f.cleaned_data["summary"]),
        button="Record risk assessment",
        relevant=lambda case: _sessions(case, unassessed=True),
    ),
    Action(
        "record-session", "Record a session", Step.RECORD_SESSION, "workflow.record_session",
        forms.SessionForm,
        lambda c, u, f, now: support.session_record(
            case_id=c.pk, by=u, now=now, session=f.cleaned_data["session"],
            outcome=f.cleaned_data["outcome"], held_on=f.cleaned_data["held_on"],
            note=f.cleaned_data["note"]),
        button="Record session", relevant=_sessions,
    ),
    Action(
        "explain-gap", "Explain a need or session not addressed", Step.EXPLAIN_GAP, SUPPORT,
        forms.GapForm,
        lambda c, u, f, now: support.gap_explain(
            case_id=c.pk, by=u, now=now, subject=f.cleaned_data["gap"].split(":")[0],
            key=f.cleaned_data["gap"].split(":", 1)[1], rationale=f.cleaned_data["rationale"]),
        button="Record explanation", relevant=_gaps,
    ),
    Action(
        "waive-referrer", "Record a decision not to consult the referrer",
        Step.WAIVE_REFERRER_CONSULTATION, "workflow.consult", forms.RationaleForm,
        lambda c, u, f, now: consultation.referrer_consultation_waive(
            case_id=c.pk, by=u, now=now, rationale=f.cleaned_data["rationale"]),
        button="Record decision",
    ),
    Action(
        "decide-exit", "Record the panel's decision to exit", Step.DECIDE_EXIT,
        "workflow.chair_panel", forms.ExitDecisionForm,
        lambda c, u, f, now: panel.exit_decide(
            case_id=c.pk, by=u, now=now, options=f.considered(),
            rationale=f.cleaned_data["rationale"]),
        button="Record decision",
    ),
    Action(
        "exit", "Exit the case", Step.EXIT, SUPPORT, forms.ExitForm,
        lambda c, u, f, now: exit.case_exit(
            case_id=c.pk, by=u, now=now, override_rationale=_override(f),
            review_owners={6: f.cleaned_data["review_6_owner"],
                           12: f.cleaned_data["review_12_owner"]}),
        button="Exit the case", guarded=True,
    ),
    Action(
        "refer-elsewhere", "Refer to other services", Step.REFER_ELSEWHERE, SCREENING,
        forms.ReferElsewhereForm,
        lambda c, u, f, now: referral.screening_decide(
            case_id=c.pk, by=u, now=now, outcome="refer_elsewhere",
            services=f.cleaned_data["services"], options=f.considered(),
            rationale=f.cleaned_data["rationale"]),
        button="Record referral", relevant=lambda case: case.stage != Stage.SCREENING,
    ),
    *(_review_action(months) for months in (6, 12)),
    Action(
        "close", "Close the case", Step.CLOSE, SUPPORT, forms.RationaleForm,
        lambda c, u, f, now: exit.case_close(
            case_id=c.pk, by=u, now=now, rationale=f.cleaned_data["rationale"]),
        button="Close the case",
    ),
    Action(
        "reopen", "Reopen the case", Step.REOPEN, SCREENING, forms.RationaleForm,
        lambda c, u, f, now: referral.case_reopen(
            case_id=c.pk, by=u, now=now, rationale=f.cleaned_data["rationale"]),
        button="Reopen the case",
    ),
]  # fmt: skip
ACTIONS_BY_SLUG = {action.slug: action for action in ACTIONS}


def actions_available(case: Case, user: User) -> list[Action]:
    return [action for action in ACTIONS if action.allowed(case, user)]
