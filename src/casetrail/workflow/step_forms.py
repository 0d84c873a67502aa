"""The forms behind each step a person takes on a case. They parse input; operations decide."""

from __future__ import annotations

from django import forms

from casetrail.accounts.models import Agency, User
from casetrail.assessments.definition import answers_problems
from casetrail.web.fields import DateField, choice, text, ticks
from casetrail.workflow import decisions
from casetrail.workflow.models import Case
from casetrail.workflow.projection import needs_unplanned

RATIONALE_HINT = "Say why, in the terms of this case: what was weighed and what decided it."


class CaseForm(forms.Form):
    """A form about one case, which some choices depend on."""

    def __init__(self, *args, case: Case, user: User, **kwargs):
        self.case, self.user = case, user
        super().__init__(*args, **kwargs)


class ConfirmForm(CaseForm):
    pass


class DecisionForm(CaseForm):
    """Options considered, anything else considered, and the rationale (F7)."""

    OPTIONS: dict[str, str] = {}
    other_options = text(
        "Other options considered (optional)",
        required=False,
        long=True,
        help_text="One a line",
    )
    rationale = text("Rationale", long=True, help_text=RATIONALE_HINT)

    def considered(self) -> list[str]:
        chosen = self.OPTIONS
        ticked = [chosen[key] for key in self.cleaned_data.get("options", [])]
        lines = self.cleaned_data.get("other_options", "").splitlines()
        return [*ticked, *(line.strip() for line in lines if line.strip())]


class ScreeningDecisionForm(DecisionForm):
    OPTIONS = decisions.SCREENING
    outcome = choice("Decision", list(decisions.SCREENING.items()), message="Select the decision")
    options = ticks("Other options considered", list(decisions.SCREENING.items()))
    services = text(
        "Services referred to",
        required=False,
        max_length=500,
        help_text="Only when referring to other services",
    )
    field_order = ["outcome", "options", "other_options", "rationale", "services"]


class ReferElsewhereForm(DecisionForm):
    OPTIONS = decisions.EXIT
    services = text("Services referred to", max_length=500)
    options = ticks("Other options considered", list(decisions.EXIT.items()))
    field_order = ["services", "options", "other_options", "rationale"]


class ExitDecisionForm(DecisionForm):
    OPTIONS = {key: label for key, label in decisions.EXIT.items() if key != "exit"}
    options = ticks("Other options the panel considered", list(OPTIONS.items()))
    field_order = ["options", "other_options", "rationale"]


class ReviewForm(DecisionForm):
    OPTIONS = decisions.REVIEW
    outcome = choice("Outcome", list(decisions.REVIEW.items()), message="Select the outcome")
    options = ticks("Other options considered", list(decisions.REVIEW.items()))
    reviewed_on = DateField(label="When was the review done?", help_text="For example, 27 3 2026")
    field_order = ["outcome", "reviewed_on", "options", "other_options", "rationale"]


class RationaleForm(CaseForm):
    rationale = text("Rationale", long=True, help_text=RATIONALE_HINT)


class ConsultationRequestForm(CaseForm):
    who = choice(
        "Who is asked?",
        [("referrer", "The referrer"), ("agency", "An agency or a named person")],
        message="Select who is asked",
    )
    agency = forms.ModelChoiceField(
        label="Agency (if not the referrer)", queryset=Agency.objects.none(), required=False
    )
    to = text("Named person (optional)", required=False, max_length=200)
    question = text("What is asked", long=True, max_length=5_000)
    due_on = DateField(label="Answer due by", help_text="For example, 27 3 2027")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(is_active=True).order_by("name")


class ConsultationAnswerForm(CaseForm):
    key = choice("Request", [], radios=True, message="Select the request you are answering")
    answer = text("Answer", long=True, max_length=20_000)
    significant = forms.BooleanField(
        label="This is significant new information",
        required=False,
        help_text="Assessments made before it become stale",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        requests = self.case.detail.get("consultations", {})
        self.fields["key"].choices = [  # type: ignore[attr-defined]
            (key, f"{key}: {item['to']}: {item['question'][:80]}")
            for key, item in requests.items()
            if not item["answered_on"] and (self.user.role != "referrer" or item["of_referrer"])
        ]


class PanelForm(CaseForm):
    met_on = DateField(label="When did the panel meet?", help_text="For example, 27 3 2026")
    agencies = forms.MultipleChoiceField(
        label="Agencies that attended",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies that attended"},
    )
    attendees = text("Attendees (optional)", required=False, long=True, max_length=5_000)
    decisions = text("Decisions taken", long=True, max_length=20_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = Agency.objects.filter(is_active=True).order_by("name")
        self.fields["agencies"].choices = [(a.name, a.name) for a in names]  # type: ignore[attr-defined]


class ConsentForm(CaseForm):
    outcome = choice(
        "Consent",
        [("given", "Given"), ("declined", "Declined"), ("withdrawn", "Withdrawn")],
        message="Select whether consent was given, declined or withdrawn",
    )
    given_by = choice(
        "By whom",
        [("person", "The person"), ("parent_or_guardian", "A parent or guardian")],
        message="Select who gave or declined consent",
        help_text="A parent or guardian for anyone under 18",
    )
    name = text("Their name", max_length=200)
    note = text("Note (optional)", required=False, long=True, max_length=5_000)


class InterventionForm(CaseForm):
    title = text("Intervention", max_length=200, help_text="For example, mentoring")
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=Agency.objects.none(),
        error_messages={"required": "Select the provider"},
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        help_text="The person who makes sure the sessions happen",
        error_messages={"required": "Select the owner"},
    )
    needs = ticks("Needs this addresses", [])
    session_1 = DateField(label="First session", help_text="For example, 27 3 2027")
    session_2 = DateField(label="Second session (optional)", required=False)
    session_3 = DateField(label="Third session (optional)", required=False)
    session_4 = DateField(label="Fourth session (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Agency.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]
        self.fields["owner"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(is_active=True, agency__is_active=True)
            .exclude(role__in=["administrator", "auditor", "referrer"])
            .select_related("agency")
            .order_by("last_name", "first_name")
        )
        self.fields["owner"].label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user.get_full_name() or user.username}, {user.agency.name}"
        )
        self.fields["needs"].choices = [  # type: ignore[attr-defined]
            (need["code"], f"{need['code']}: {need['label']}")
            for need in self.case.detail.get("needs", [])
        ]

    def session_dates(self) -> list:
        return [
            self.cleaned_data[f"session_{n}"]
            for n in range(1, 5)
            if self.cleaned_data.get(f"session_{n}")
        ]


def _planned_sessions(case: Case, *, unassessed: bool = False) -> list[tuple[str, str]]:
    interventions = case.detail.get("interventions", {})
    return [
        (key, f"{key}: {interventions[item['intervention']]['title']} on {item['planned_on']}")
        for key, item in case.detail.get("sessions", {}).items()
        if item["status"] == "planned" and not (unassessed and item["risk_assessed"])
    ]


class RiskAssessmentForm(CaseForm):
    session = choice("Session", [], message="Select the session")
    summary = text(
        "Risk assessment",
        long=True,
        help_text="Risks to the person and to staff, and how they are managed",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = _planned_sessions(self.case, unassessed=True)  # type: ignore[attr-defined]


class SessionForm(CaseForm):
    session = choice("Session", [], message="Select the session")
    outcome = choice(
        "What happened",
        [("delivered", "Delivered"), ("cancelled", "Cancelled"), ("missed", "Missed")],
        message="Select whether the session was delivered, cancelled or missed",
    )
    held_on = DateField(label="Date", help_text="The day it was held, or was due")
    note = text("Note (optional)", required=False, long=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = _planned_sessions(self.case)  # type: ignore[attr-defined]


class GapForm(CaseForm):
    gap = choice("What is being explained", [], message="Select what you are explaining")
    rationale = text("Explanation", long=True, help_text=RATIONALE_HINT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        explained = self.case.detail.get("explained", {})
        needs = [
            (f"need:{need['code']}", f"Need {need['code']}: {need['label']}")
            for need in needs_unplanned(self.case.detail)
        ]
        sessions = [
            (f"session:{key}", f"Session {label}")
            for key, label in _planned_sessions(self.case)
            if f"session:{key}" not in explained
        ]
        self.fields["gap"].choices = needs + sessions  # type: ignore[attr-defined]


class GuardedForm(CaseForm):
    """A guarded step; the override field is used only when the guard refuses."""

    override_rationale = text(
        "Rationale for going ahead",
        required=False,
        long=True,
        help_text="Only if you are authorised to go ahead although conditions are unmet",
    )


class ExitForm(GuardedForm):
    review_6_owner = forms.ModelChoiceField(
        label="6-month review owner", queryset=User.objects.none()
    )
    review_12_owner = forms.ModelChoiceField(
        label="12-month review owner", queryset=User.objects.none()
    )
    field_order = ["review_6_owner", "review_12_owner", "override_rationale"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = User.objects.filter(
            is_active=True, agency__is_active=True, role__in=["caseworker", "supervisor"]
        ).order_by("last_name", "first_name")
        for name in ("review_6_owner", "review_12_owner"):
            field = self.fields[name]
            field.queryset = owners  # type: ignore[attr-defined]
            field.initial = self.case.owner_id
            field.error_messages["required"] = "Select who owns this review"


class AssessmentForm(CaseForm):
    """The form in force, built from its definition: a rating and evidence for every factor."""

    assessed_on = DateField(
        label="When was the assessment made?", help_text="For example, 27 3 2026"
    )
    behaviour = text(
        "Presenting behaviour",
        long=True,
        help_text="What was seen or reported, one a line; kept apart from the needs below",
    )
    carried = ticks("Needs from the last assessment that remain", [])
    new_needs = text(
        "New underlying needs (optional)",
        required=False,
        long=True,
        help_text="The causes support must address, one a line; for example, social isolation",
    )

    def __init__(self, *args, definition, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        ratings = list(definition.ratings.items())
        for code, title in definition.factors.items():
            self.fields[f"rating_{code}"] = choice(title, ratings, message=f"Rate “{title}”")
            self.fields[f"evidence_{code}"] = text(
                f"Evidence for “{title}”", required=False, long=True
            )
        self.fields["carried"].choices = [  # type: ignore[attr-defined]
            (need["code"], need["label"]) for need in self.case.detail.get("needs", [])
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        answers = self.answers()
        # New needs get their codes when recorded; stand-ins let the check run now.
        for number, need in enumerate(answers["needs"]):
            need.setdefault("code", f"new-{number}")
        for path, message in answers_problems(self.definition, answers):
            self.add_error(self._field_for(path, message), message)
        return data

    def _field_for(self, path: str, message: str) -> str | None:
        kind, _, code = path.partition(".")
        if kind == "factors" and code in self.definition.factors:
            return f"evidence_{code}" if "evidence" in message else f"rating_{code}"
        return {"needs": "new_needs", "presenting_behaviour": "behaviour"}.get(kind)

    def factor_fields(self):
        for code in self.definition.factors:
            yield self[f"rating_{code}"], self[f"evidence_{code}"]

    def answers(self) -> dict:
        data = self.cleaned_data
        known = {need["code"]: need["label"] for need in self.case.detail.get("needs", [])}
        needs = [{"code": code, "label": known[code]} for code in data.get("carried", [])]
        needs += [
            {"label": line.strip()}
            for line in data.get("new_needs", "").splitlines()
            if line.strip()
        ]
        factors = {}
        for code in self.definition.factors:
            answer = {"rating": data.get(f"rating_{code}")}
            if data.get(f"evidence_{code}", "").strip():
                answer["evidence"] = data[f"evidence_{code}"].strip()
            factors[code] = answer
        behaviour = [line.strip() for line in data["behaviour"].splitlines() if line.strip()]
        return {"factors": factors, "needs": needs, "presenting_behaviour": behaviour}
