"""The current state of each case. Only workflow/record.py writes it (see state.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casetrail.workflow.stages import STAGE_LABELS, Stage
from casetrail.workflow.state import STATE_FIELD_NAMES, CaseState, state_values


def _person(related: str | None = None) -> models.ForeignKey:
    # Users are deactivated, never deleted, so who owned what is never lost.
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name=related or "+"
    )


class Case(models.Model):
    # Null only inside referral_receive's transaction, until the case's number is known.
    reference = models.CharField(max_length=32, unique=True, null=True)  # noqa: DJ001
    summary = models.CharField(max_length=500, blank=True)
    opened_at = models.DateTimeField(null=True, db_index=True)
    head_position = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64)
    late_events = models.PositiveIntegerField(default=0)
    redactions = models.PositiveIntegerField(default=0)
    last_recorded_at = models.DateTimeField(null=True)
    stage = models.CharField(max_length=32, choices=[(s.value, s.label) for s in Stage], blank=True)
    stage_changed_at = models.DateTimeField(null=True)
    person_name = models.CharField(max_length=200, blank=True)
    person_birth_date = models.DateField(null=True)
    # The person record this case is about; a linked earlier record once one is linked.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, related_name="cases"
    )
    referrer = _person()
    owner = _person()
    detail = models.JSONField(default=dict)
    assessment_at = models.DateTimeField(null=True)
    assessment_version = models.PositiveIntegerField(null=True)
    significant_at = models.DateTimeField(null=True)
    consultations_outstanding = models.PositiveIntegerField(default=0)
    consultation_due_on = models.DateField(null=True)
    needs_unplanned = models.PositiveIntegerField(default=0)
    sessions_planned = models.PositiveIntegerField(default=0)
    sessions_delivered = models.PositiveIntegerField(default=0)
    sessions_unexplained = models.PositiveIntegerField(default=0)
    session_next_on = models.DateField(null=True)
    delivery_refusals = models.PositiveIntegerField(default=0)
    overrides = models.PositiveIntegerField(default=0)
    exited_at = models.DateTimeField(null=True)
    review_6_due_on = models.DateField(null=True)
    review_6_owner = _person()
    review_6_done_on = models.DateField(null=True)
    review_12_due_on = models.DateField(null=True)
    review_12_owner = _person()
    review_12_done_on = models.DateField(null=True)
    # "|u12|u40|a3|": the users and provider agencies with a part in the case.
    involved = models.CharField(max_length=2000, blank=True)
    matches_undecided = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opened_at", "-id"]
        # The dashboard counts each signal with one of these: a review's due date among
        # those not done, or a counter's few cases above zero, never the whole table.
        indexes = [
            models.Index(fields=["stage", "opened_at"], name="case_stage"),
            # Reviews not done, by due date: counted, and listed soonest first, from the index
            # alone, the scan stopping at the page's limit.
            *(
                models.Index(
                    fields=[f"review_{months}_due_on"],
                    condition=models.Q(**{f"review_{months}_done_on__isnull": True}),
                    name=f"case_review_{months}_due",
                )
                for months in (6, 12)
            ),
            models.Index(fields=["owner", "stage"], name="case_owner"),
            # With the stage, so the count of open cases awaiting answers needs no table row.
            models.Index(fields=["consultations_outstanding", "stage"], name="case_consultations"),
            models.Index(fields=["delivery_refusals"], name="case_refusals"),
            models.Index(fields=["late_events"], name="case_late"),
            models.Index(fields=["overrides"], name="case_overrides"),
            models.Index(fields=["matches_undecided"], name="case_matches_undecided"),
            # Every column the signals about cases at panel or in support read, so
            # those counts are answered from the index alone.
            models.Index(
                fields=[
                    "stage",
                    "needs_unplanned",
                    "sessions_unexplained",
                    "session_next_on",
                    "assessment_at",
                    "assessment_version",
                    "significant_at",
                ],
                name="case_support_signals",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"case {self.pk}"

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[Stage(self.stage)] if self.stage else ""

    @property
    def state(self) -> CaseState:
        return CaseState(**{name: getattr(self, name) for name in STATE_FIELD_NAMES})

    def state_store(self, state: CaseState) -> list[str]:
        """Take on this state; return the fields that changed, for a narrow UPDATE."""
        changed = []
        for name, value in state_values(state).items():
            if getattr(self, name) != value:
                setattr(self, name, value)
                changed.append(name)
        return changed
