"""Stored assessment definitions: each version loaded once, never changed, one in force."""

from __future__ import annotations

from django.db import models


class AssessmentDefinition(models.Model):
    code = models.CharField(max_length=32)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    content = models.JSONField()
    # The digest of the file as loaded: a changed file must become a new version.
    digest = models.CharField(max_length=64)
    in_force = models.BooleanField(default=False)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="definition_version_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(in_force=True), name="definition_one_in_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"
