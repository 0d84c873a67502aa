"""The current state of each case. Only workflow/record.py writes it (see state.py)."""

from __future__ import annotations

from dataclasses import asdict, fields

from django.db import models

from casetrail.workflow.state import CaseState

STATE_FIELDS = [field.name for field in fields(CaseState)]


class Case(models.Model):
    # Null only inside case_open's transaction, until the case's number is known.
    reference = models.CharField(max_length=32, unique=True, null=True)  # noqa: DJ001
    summary = models.CharField(max_length=500, blank=True)
    opened_at = models.DateTimeField(null=True, db_index=True)
    head_position = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64)
    late_events = models.PositiveIntegerField(default=0)
    redactions = models.PositiveIntegerField(default=0)
    last_recorded_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.reference or f"case {self.pk}"

    @property
    def state(self) -> CaseState:
        return CaseState(**{name: getattr(self, name) for name in STATE_FIELDS})

    def state_store(self, state: CaseState) -> None:
        for name, value in asdict(state).items():
            setattr(self, name, value)
