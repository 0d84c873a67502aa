"""Storage for the chronology: events, checkpoints and the access log, all insert-only.

The database refuses UPDATE and DELETE on these tables with triggers (see
migrations), except the one sanctioned change: replacing an event's payload with
the redaction marker, which the chain allows because the payload's digest stays.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casetrail.accounts.models import Agency


class Event(models.Model):
    case = models.ForeignKey("workflow.Case", on_delete=models.PROTECT, related_name="events")
    position = models.PositiveIntegerField()
    type = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, related_name="+")
    late = models.BooleanField()
    # Canonical JSON as text: its bytes are what the digest covers (see chain.canonical_json).
    payload = models.TextField()
    payload_digest = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        # By the column, not the relation: ordering by "case" would join the case table.
        ordering = ["case_id", "position"]
        constraints = [
            # The last line of defence against two writers forking a case's chain.
            models.UniqueConstraint(fields=["case", "position"], name="event_case_position_unique"),
        ]
        indexes = [
            models.Index(fields=["late"], name="event_late", condition=models.Q(late=True)),
            models.Index(fields=["case", "type"], name="event_case_type"),
        ]

    def __str__(self) -> str:
        return f"{self.type} #{self.position}"


class Checkpoint(models.Model):
    """A commitment to the whole log at one moment: its extent and the case heads that moved."""

    created_at = models.DateTimeField()
    last_event_id = models.BigIntegerField()
    event_count = models.BigIntegerField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"checkpoint {self.pk}"


class CheckpointHead(models.Model):
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="heads")
    case_id = models.BigIntegerField()
    position = models.PositiveIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkpoint", "case_id"], name="checkpoint_head_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} at {self.position}"


class CaseAccess(models.Model):
    """One read of a case: who, from which agency, when, what and why."""

    class Channel(models.TextChoices):
        PAGE = "page", "Page"
        API = "api", "API"
        EXPORT = "export", "Export"
        COMMAND_LINE = "command_line", "Command line"

    case = models.ForeignKey("workflow.Case", on_delete=models.PROTECT, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    accessed_at = models.DateTimeField(db_index=True)
    what = models.CharField(max_length=200)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    purpose = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-accessed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.what} read by user {self.user_id}"
