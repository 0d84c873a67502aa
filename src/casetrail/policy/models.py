"""The one row of policy settings. Read it with `policy_current()`; change it in the admin."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Policy(models.Model):
    """Intervals set by administrators; defaults follow the Channel duty guidance's practice."""

    late_record_days = models.PositiveIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="A record made more than this many days after the event is marked late.",
    )
    assessment_max_age_days = models.PositiveIntegerField(
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text="An assessment older than this many days is stale and cannot support a decision.",
    )
    review_due_soon_days = models.PositiveIntegerField(
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text="A review due within this many days shows as due soon.",
    )

    class Meta:
        verbose_name = "policy settings"
        verbose_name_plural = "policy settings"
        constraints = [
            # One row only: the policy in force is not a choice among many.
            models.CheckConstraint(condition=models.Q(id=1), name="policy_is_single_row"),
        ]

    def __str__(self) -> str:
        return "Policy settings"


def policy_current() -> Policy:
    """The policy in force, created with its defaults the first time it is read."""
    policy, _ = Policy.objects.get_or_create(id=1)
    return policy
