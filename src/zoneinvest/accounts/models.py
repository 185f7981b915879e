"""People who log in: one role each, membership in one or more zones, hashed API tokens."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.models import Zone


class Role(models.TextChoices):
    ADMIN = "admin", _("Platform admin")
    DIRECTOR = "director", _("Bureau director")
    OFFICER = "officer", _("Investment officer")
    ANALYST = "analyst", _("Analyst")
    CONSULTANT = "consultant", _("Consultant")
    EDITOR = "editor", _("Portal editor")


# Who may read the pipeline, and who may change it.
PIPELINE_READERS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.OFFICER, Role.ANALYST})
PIPELINE_WRITERS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.OFFICER})
# Who sees confidential projects they do not own.
CONFIDENTIAL_READERS = frozenset({Role.ADMIN, Role.DIRECTOR})
# Who writes and publishes the portal's pages and stories.
PORTAL_EDITORS = frozenset({Role.ADMIN, Role.DIRECTOR, Role.EDITOR})
# Who must pass a second step (a TOTP code) after the password (accounts/two_factor.py).
TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.DIRECTOR})


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    zones = models.ManyToManyField(
        Zone, verbose_name=_("zones"), through="Membership", related_name="members", blank=True
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.ADMIN


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("zone membership")
        verbose_name_plural = _("zone memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "zone"], name="membership_once_per_zone")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.zone}"


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    read_only = models.BooleanField(_("read-only"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class CalendarFeed(models.Model):
    """A private calendar address (events, tasks); only the SHA-256 of its secret is stored.

    A user has at most one live feed: making a new one revokes the old. The feed is written in
    the language the user had chosen when they made it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    prefix = models.CharField(_("prefix"), max_length=12)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendar_feed_one_live_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.prefix}…)"


class TotpDevice(models.Model):
    """A user's authenticator app (RFC 6238: 30-second steps, six digits).

    The base32 secret is shown once, while the device is being set up (until `confirmed_at`);
    `last_used_step` is the time step of the last code accepted, so a code is accepted once.
    Wrong codes are counted so that guessing is throttled."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(_("secret"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    last_used_step = models.BigIntegerField(_("last used time step"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("wrong codes in a row"), default=0)
    last_failed_at = models.DateTimeField(_("last wrong code"), null=True, blank=True)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return f"TOTP {self.user}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
