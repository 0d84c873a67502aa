"""What every case operation does first: lock the case, check the actor and the stage."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied

from casetrail.accounts.models import User
from casetrail.assessments.loading import version_in_force
from casetrail.local_time import LOCAL_ZONE
from casetrail.policy.models import policy_current
from casetrail.workflow.facts import case_facts
from casetrail.workflow.guards import CaseFacts, Unmet
from casetrail.workflow.models import Case
from casetrail.workflow.rationale import options_problems, rationale_problems
from casetrail.workflow.record import NewEvent, RecordError, case_lock
from casetrail.workflow.stages import Stage, Step, step_target

ASSESSMENT_FORM = "vaf"


class GuardRefused(Exception):
    """A guarded step whose conditions are not met; `unmet` says exactly what is missing."""

    def __init__(self, guard: str, unmet: list[Unmet], *, overridable: bool = True):
        self.guard, self.unmet, self.overridable = guard, unmet, overridable
        super().__init__(f"{guard}: " + "; ".join(condition.message for condition in unmet))


def case_for_actor(*, case_id: int, by: User, permission: str) -> Case:
    """The case, locked, once the actor may do this to it."""
    case = case_lock(case_id)
    if not by.has_perm(permission, case):
        raise PermissionDenied(f"{by} may not do that on {case}")
    return case


def case_for_step(*, case_id: int, step: Step, by: User, permission: str) -> Case:
    """The case, locked, once the actor may take this step and its stage allows it."""
    case = case_for_actor(case_id=case_id, by=by, permission=permission)
    step_target(step, Stage(case.stage))
    return case


def facts_of(case: Case) -> CaseFacts:
    return case_facts(case.state, version_in_force=version_in_force(ASSESSMENT_FORM))


def max_assessment_age() -> int:
    return policy_current().assessment_max_age_days


def rationale_checked(text: str, field: str = "rationale") -> str:
    problems = rationale_problems(text)
    if problems:
        raise RecordError(field, problems[0])
    return text.strip()


def decision_payload(*, options: list[str], chosen: str, rationale: str) -> dict:
    """A decision's options, choice and rationale, refused when any is missing or token."""
    problems = options_problems(options, chosen)
    if problems:
        raise RecordError("options", problems[0])
    named = list(dict.fromkeys(option.strip() for option in options if option.strip()))
    return {"options": named, "chosen": chosen.strip(), "rationale": rationale_checked(rationale)}


def override_events(
    *,
    guard: str,
    unmet: list[Unmet],
    case: Case,
    by: User,
    rationale: str | None,
    occurred_at: datetime | None = None,
) -> list[NewEvent]:
    """Nothing when the guard is met; otherwise a recorded override, or GuardRefused."""
    if not unmet:
        return []
    if rationale is None or not by.has_perm("workflow.override_guard", case):
        raise GuardRefused(guard, unmet)
    payload = {
        "guard": guard,
        "unmet": [{"code": item.code, "message": item.message} for item in unmet],
        "rationale": rationale_checked(rationale, "override_rationale"),
    }
    return [NewEvent("GuardOverridden", payload, occurred_at)]


def day_start(day: date) -> datetime:
    """The moment a day began where casetrail is used: when a dated meeting 'happened'."""
    return datetime.combine(day, time(0, 0), tzinfo=LOCAL_ZONE)


def not_future(day: date, field: str, now: datetime) -> datetime:
    moment = day_start(day)
    if moment > now:
        raise RecordError(field, "must be today or in the past")
    return moment


def next_key(prefix: str, existing) -> str:
    return f"{prefix}{len(existing) + 1}"
