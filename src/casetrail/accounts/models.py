"""Storage for agencies and users. The rules about them live in roles.py and permissions.py."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from casetrail.accounts.roles import AgencyKind, Role


class Agency(models.Model):
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=AgencyKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class CasetrailUserManager(UserManager["User"]):
    def create_user(self, username, email=None, password=None, **extra_fields):
        # Django's own sets the staff and superuser flags, which casetrail does not have.
        user = self.model(
            username=self.model.normalize_username(username),
            email=self.normalize_email(email),
            **extra_fields,
        )
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        raise TypeError(
            "casetrail has no superusers; create an administrator with "
            "`casetrail createuser NAME --role administrator --agency AGENCY`"
        )


class User(AbstractUser):
    """Someone who signs in. Belongs to one agency and holds one role there.

    Django's superuser and staff flags are removed: the role alone decides what a
    user may do (accounts/permissions.py), so no flag can be a way round the rules.
    """

    is_superuser = None
    is_staff = None
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users")
    role = models.CharField(max_length=32, choices=Role.choices)
    job_title = models.CharField(max_length=200, blank=True)

    REQUIRED_FIELDS = ["email", "agency", "role"]

    objects: ClassVar[CasetrailUserManager] = CasetrailUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_is_known"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label


TOKEN_NAME_MAX = 100


class ApiToken(models.Model):
    """A personal API token: another system acting as its holder, with the holder's role.

    Only a hash of the secret is kept, so the token is shown once, when it is made.
    Tokens are revoked, never deleted, so who acted through which token stays traceable.
    """

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=TOKEN_NAME_MAX, help_text="What it is for")
    key_id = models.CharField(max_length=8, unique=True, help_text="The token's public prefix")
    secret_hash = models.CharField(max_length=64, help_text="SHA-256 of the secret, in hex")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Empty on a revoked token when an operator revoked it on the command line.
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"
        constraints = [
            models.CheckConstraint(condition=~models.Q(name=""), name="apitoken_name_given"),
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True)
                | models.Q(expires_at__gt=models.F("created_at")),
                name="apitoken_expires_after_created",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_by__isnull=True) | models.Q(revoked_at__isnull=False),
                name="apitoken_revoked_by_only_when_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key_id} ({self.name})"
