"""The troubleshooting catalogue: what an Intacct error means and how to fix it."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models

from integrations.patterns import PatternError, compile_pattern

ADMIN_PREFIX = "/admin/"


def validate_pattern(value: str) -> None:
    try:
        compile_pattern(value)
    except PatternError as exc:
        raise ValidationError(
            f"Not a valid pattern: {exc}. Patterns use RE2 syntax (no back-references or "
            "look-arounds), which always matches in linear time."
        ) from None


def admin_link_problem(value: str) -> str:
    """Why ``value`` is not a relative admin path ('' when it is)."""
    if not value.startswith(ADMIN_PREFIX):
        return f"Use a path inside the admin, starting with {ADMIN_PREFIX}."
    if any(c in value for c in "\\\"'<>`") or any(c.isspace() or ord(c) < 32 for c in value):
        return "The path must not contain spaces, quotes, backslashes or control characters."
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or value.startswith("//"):
        return "Only a relative admin path is allowed, never a URL with a scheme or host."
    return ""


def validate_admin_link(value: str) -> None:
    problem = admin_link_problem(value) if value else ""
    if problem:
        raise ValidationError(problem, code="admin_link")


class ErrorCatalogueEntry(models.Model):
    """Matches errors by number and/or a message pattern; the most specific entry wins."""

    title = models.CharField(max_length=200)
    errorno = models.CharField(
        "error number",
        max_length=100,
        blank=True,
        db_index=True,
        help_text="Intacct's errorno, e.g. BL34000061. Blank: match on the message only.",
    )
    message_pattern = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_pattern],
        help_text=(
            "A regular expression searched (case-insensitively) in the error's description, "
            "description2 and correction. Blank: match on the number only."
        ),
    )
    cause = models.TextField(help_text="What went wrong, in plain words.")
    fix_steps = models.TextField(help_text="How to fix it, step by step.")
    intacct_menu_path = models.CharField(
        "Intacct menu path",
        max_length=300,
        blank=True,
        help_text="e.g. Accounts Receivable > Setup",
    )
    retry_safe = models.BooleanField(
        default=False, help_text="Retrying without changing anything may succeed."
    )
    admin_link = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Admin screen that fixes it. Use {connection_id} for the connection, "
            "e.g. /admin/integrations/intacctconnection/{connection_id}/change/"
        ),
    )
    builtin = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "troubleshooting catalogue entry"
        verbose_name_plural = "troubleshooting catalogue"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.errorno and not self.message_pattern:
            raise ValidationError("Give an error number, a message pattern, or both.")
        self.admin_link = (self.admin_link or "").strip()
        try:
            validate_admin_link(self.admin_link)
        except ValidationError as exc:
            raise ValidationError({"admin_link": exc.messages}) from None

    def link_for(self, connection_id: int | None) -> str:
        """The fix screen's path for the connection; '' for anything not a relative admin path
        (a value stored before validation existed is never rendered)."""
        if not self.admin_link:
            return ""
        link = self.admin_link.replace("{connection_id}", str(connection_id or ""))
        return "" if admin_link_problem(link) else link
