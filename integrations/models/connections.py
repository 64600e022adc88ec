"""Connections to Intacct companies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from integrations.fields import EncryptedSecretField
from integrations.intacct.endpoints import EndpointNotAllowed, check_endpoint
from integrations.validators import validate_xml_text

# Everything that goes into the XML of every request (validated in clean(), so forms,
# commands and anything else that calls full_clean() refuse control characters).
XML_FIELDS = (
    "company_id",
    "entity_id",
    "user_id",
    "sender_id",
    "user_password",
    "sender_password",
)


def validate_intacct_endpoint(value: str) -> None:
    """Refuse endpoints that are neither ``https://*.intacct.com`` nor allow-listed."""
    try:
        check_endpoint(value, settings.INTACCT_ENDPOINT_ALLOWLIST)
    except EndpointNotAllowed as exc:
        raise ValidationError(str(exc), code="endpoint_not_allowed") from exc


def default_endpoint() -> str:
    return settings.INTACCT_DEFAULT_ENDPOINT


class IntacctConnection(models.Model):
    """One Intacct company (optionally one entity of it) and the credentials to reach it."""

    name = models.CharField(
        max_length=100,
        unique=True,
        help_text="A name for this connection, e.g. 'Acme US production'.",
    )
    endpoint_url = models.URLField(
        "endpoint URL",
        max_length=300,
        default=default_endpoint,
        validators=[validate_intacct_endpoint],
        help_text=(
            "Intacct's XML gateway. Leave the default unless Intacct support gave you another "
            "https://….intacct.com address, or the operator allow-listed a sandbox URL."
        ),
    )
    company_id = models.CharField(
        "company ID",
        max_length=100,
        help_text="In Intacct: Company > Setup > Company > Company Info, field 'Company ID'.",
    )
    entity_id = models.CharField(
        "entity ID",
        max_length=100,
        blank=True,
        help_text=(
            "Leave blank to work at the top level of a multi-entity company. Otherwise the "
            "entity's ID from Company > Setup > Entities."
        ),
    )
    user_id = models.CharField(
        "web-services user ID",
        max_length=100,
        help_text=(
            "The web-services user (Company > Admin > Web Services users), not a person's login. "
            "It needs permissions for every object that syncs."
        ),
    )
    user_password = EncryptedSecretField(
        "web-services user password",
        blank=True,
        help_text="Write-only: leave blank to keep the stored password.",
    )
    sender_id = models.CharField(
        "sender ID",
        max_length=100,
        help_text=(
            "Your Web Services sender ID (from the Web Services developer licence). The company "
            "must authorise it: Company > Setup > Company > Security > Web Services authorizations."
        ),
    )
    sender_password = EncryptedSecretField(
        "sender password",
        blank=True,
        help_text="Write-only: leave blank to keep the stored password.",
    )
    enabled = models.BooleanField(
        default=True, help_text="Disabled connections never sync, scheduled or manual."
    )
    daily_sync_time = models.TimeField(
        "daily batch pull at",
        null=True,
        blank=True,
        help_text="Time of day (server time zone) of the daily full incremental pull. Blank: none.",
    )
    hourly_sync = models.BooleanField(
        "hourly auto-sync",
        default=False,
        help_text="Pull what changed in Intacct every hour.",
    )
    # Accounting settings of writes (consultants): what pushed AR lines are tagged with, and
    # whether the scheduled auto-sync may write to Intacct.
    reconcile_to_intacct = models.BooleanField(
        "reconcile to Intacct",
        default=False,
        help_text=(
            "Let the scheduled auto-sync push what was made in the app (invoices, payments) "
            "after it pulls. Off: writes go only on Sync Now or an explicit push."
        ),
    )
    ar_gl_account = models.CharField(
        "default AR GL account",
        max_length=50,
        blank=True,
        help_text="GL account of pushed invoice lines that name none.",
    )
    push_location_id = models.CharField(
        "location ID",
        max_length=100,
        blank=True,
        help_text="Location every pushed invoice line is tagged with (required in multi-entity).",
    )
    push_department_id = models.CharField(
        "department ID",
        max_length=100,
        blank=True,
        help_text="Department every pushed invoice line is tagged with (blank: none).",
    )
    notification_emails = models.TextField(
        "notify",
        blank=True,
        help_text=(
            "E-mail addresses (comma or newline separated) told when a sync fails, when its "
            "open errors grow, and when a manual import finishes."
        ),
    )
    credentials_status = models.CharField(
        max_length=10,
        choices=[("unknown", "Not tested"), ("ok", "Working"), ("bad", "Rejected by Intacct")],
        default="unknown",
        editable=False,
    )
    credentials_message = models.TextField(blank=True, editable=False)
    credentials_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Read from Intacct by Test connection: the types offered for "Import its invoices".
    sales_document_types = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "Intacct connection"
        # Staff may be given Sync Now without seeing the connection's settings.
        permissions = [("request_sync", "Can request a sync (Sync Now)")]
        constraints = [
            # A second connection to the same data would import a second copy of everything.
            models.UniqueConstraint(
                Lower("company_id"),
                Lower("entity_id"),
                name="one_connection_per_company_entity",
                violation_error_message=(
                    "A connection to this Intacct company and entity already exists. Use that "
                    "connection (change its credentials there if they changed); a second one "
                    "would import a second copy of every record."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<IntacctConnection {self.pk}: {self.name!r} company={self.company_id!r}>"

    @property
    def notification_addresses(self) -> list[str]:
        raw = self.notification_emails.replace("\n", ",").replace(";", ",")
        return [a.strip() for a in raw.split(",") if a.strip()]

    def clean(self) -> None:
        super().clean()
        self.company_id = (self.company_id or "").strip()
        self.entity_id = (self.entity_id or "").strip()
        self.user_id = (self.user_id or "").strip()
        self.sender_id = (self.sender_id or "").strip()
        self.endpoint_url = (self.endpoint_url or "").strip()
        problems = {}
        for name in XML_FIELDS:
            try:
                validate_xml_text(getattr(self, name))
            except ValidationError as exc:
                problems[name] = exc.messages
        if problems:
            raise ValidationError(problems)
        from django.core.validators import validate_email

        for address in self.notification_addresses:
            try:
                validate_email(address)
            except ValidationError as exc:
                raise ValidationError(
                    {"notification_emails": f"{address!r} is not a valid e-mail address."}
                ) from exc
