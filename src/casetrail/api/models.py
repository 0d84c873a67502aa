"""What the API keeps of its own: the first answer to each request sent with an Idempotency-Key."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """A caller's key, the request it first came with, and the answer that request got.

    The pair (user, key) is unique, so two copies of one request racing each
    other cannot both be carried out: the second waits on the first's row.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, path and body: a different request under the same key is refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100)
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotent_request_key"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.user_id})"
