"""Admin forms for connections: write-only passwords and friendly validation."""

from django import forms
from django.db import models

from integrations.crypto import CredentialDecryptionError, Secret, decrypt, encrypt
from integrations.models import IntacctConnection, ObjectFilter

SECRET_FIELDS = ("user_password", "sender_password")


KEPT_HELP = "The password you typed is kept (not shown). Leave blank to use it, or type another."


def kept_name(name: str) -> str:
    return f"{name}_kept"


def https_formfield(db_field: models.Field, **kwargs):
    """Form fields for the connection; a scheme-less endpoint means https, never http."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class IntacctConnectionForm(forms.ModelForm):
    """Passwords are write-only: never rendered, and a blank submission keeps the stored one."""

    # A password typed into a form that fails on another field comes back as an encrypted
    # token (never the password itself), so nobody types it twice.
    user_password_kept = forms.CharField(required=False, widget=forms.HiddenInput)
    sender_password_kept = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = IntacctConnection
        formfield_callback = https_formfield
        fields = (
            "name",
            "company_id",
            "entity_id",
            "endpoint_url",
            "user_id",
            "user_password",
            "sender_id",
            "sender_password",
            "enabled",
            "daily_sync_time",
            "hourly_sync",
            "notification_emails",
            "reconcile_to_intacct",
            "ar_gl_account",
            "push_location_id",
            "push_department_id",
        )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        for name in SECRET_FIELDS:
            if name in self.fields:
                self.initial[name] = ""
                if self.instance.pk and getattr(self.instance, name):
                    self.fields[
                        name
                    ].help_text = "A password is stored. Leave blank to keep it, or type a new one."
                else:
                    self.fields[name].help_text = "Stored encrypted; never shown again."

    def clean_company_id(self) -> str:
        raw = self.data.get(self.add_prefix("company_id"), "")
        value = self.cleaned_data["company_id"]
        if raw != raw.strip():
            self.warnings.append(
                f"The company ID had spaces around it; saved as {value!r}. Intacct company IDs "
                "never contain leading or trailing spaces."
            )
        return value

    def _clean_secret(self, name: str) -> Secret:
        typed = self.cleaned_data.get(name) or ""
        if typed:
            return Secret(typed)
        kept = self._kept(name)
        if kept:
            return Secret(kept)
        stored = getattr(self.instance, name) if self.instance.pk else Secret("")
        if not stored:
            raise forms.ValidationError(
                "Enter the password; it is stored encrypted and never shown again."
            )
        return stored

    def _kept(self, name: str) -> str:
        token = self.data.get(self.add_prefix(kept_name(name)), "")
        try:
            return decrypt(token)
        except CredentialDecryptionError:
            return ""  # a token from another key or tampered with: as if none was sent

    def _post_clean(self) -> None:
        super()._post_clean()
        if not self.errors:
            return
        # The form goes back to the user: keep each password typed or already kept.
        data = self.data.copy()
        for name in SECRET_FIELDS:
            if name not in self.fields:
                continue
            typed = self.data.get(self.add_prefix(name), "") or self._kept(name)
            if typed:
                data[self.add_prefix(kept_name(name))] = encrypt(typed)
                # The bound field copied the help text when validation built it.
                self.fields[name].help_text = self[name].help_text = KEPT_HELP
        self.data = data

    def clean_user_password(self) -> Secret:
        return self._clean_secret("user_password")

    def clean_sender_password(self) -> Secret:
        return self._clean_secret("sender_password")


class ObjectFilterForm(forms.ModelForm):
    """A consultant's pull filter; the step is chosen from the registered pull steps."""

    step = forms.ChoiceField(choices=())

    class Meta:
        model = ObjectFilter
        fields = ("step", "field", "operator", "value", "enabled")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from integrations.sync.registry import registry
        from integrations.sync.steps import PullStep

        self.fields["step"].choices = [
            (s.name, f"{s.display} ({s.object_name})")
            for s in registry.plan()
            if isinstance(s, PullStep)
        ]
