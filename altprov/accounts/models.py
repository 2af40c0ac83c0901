from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from simple_history.models import HistoricalRecords

from altprov.core.append_only import AppendOnlyModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. What they may do comes from their role assignments (authz)."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=150)
    job_title = models.CharField("job title", max_length=150, blank=True)
    is_active = models.BooleanField("active", default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)
    # A provider user (issue 9) works for this provider and reaches only the provider portal
    # (`altprov/portal`); staff have none. Checked on every request without a query.
    provider = models.ForeignKey(
        "providers.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portal_users",
        verbose_name="provider (for a provider user)",
    )
    # Raised by "sign out everywhere": a session that carries an older number is ended.
    session_generation = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_provider_user(self) -> bool:
        return self.provider_id is not None

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class SecurityEvent(AppendOnlyModel):
    """A change to how a person proves who they are (X-5, issue 11): a passkey, the authenticator
    app or recovery codes added or removed, with whose account, who made the change and when.

    The devices themselves are django-otp's and django-otp-webauthn's tables, which keep no
    history, and are saved at every sign-in (a passkey's counter, the app's last code), so their
    rows would say nothing of who changed them: the services in `altprov/accounts/events.py`
    record each change here in the same transaction. Never changed or deleted (triggers too,
    altprov/core/append_only.py); no secret is kept, only a passkey's name."""

    append_only_refusal = (
        "The record of changes to how people sign in is never changed or deleted (X-5)"
    )

    class Kind(models.TextChoices):
        PASSKEY_ADDED = "passkey_added", "Passkey added"
        PASSKEY_REMOVED = "passkey_removed", "Passkey removed"
        APP_ADDED = "app_added", "Authenticator app added"
        APP_REMOVED = "app_removed", "Authenticator app removed"
        CODES_MADE = "codes_made", "New recovery codes made"
        CODES_REMOVED = "codes_removed", "Recovery codes removed"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="security_events", verbose_name="account"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(
        max_length=200, blank=True, help_text="The passkey's name, or what the change replaced"
    )
    by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="changed by",
        help_text="The person themselves, or the trust administrator who reset their sign-in",
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user} by {self.by} at {self.at:%Y-%m-%d %H:%M}"
