"""Model field that stores a :class:`~integrations.crypto.Secret` encrypted."""

from django import forms
from django.db import models

from integrations.crypto import Secret, decrypt, encrypt


class _SecretAttribute:
    """Coerces whatever is assigned to the attribute into a ``Secret``."""

    def __init__(self, field: models.Field) -> None:
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.__dict__.get(self.field.attname, Secret(""))

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = (
            value if isinstance(value, Secret) else Secret(value or "")
        )


class EncryptedSecretField(models.TextField):
    """Keeps a secret as a Fernet token in the database and as a ``Secret`` in Python.

    The form field is a password input that never renders the stored value; a blank
    submission keeps the stored value (see ``WriteOnlySecretFormMixin``).
    """

    descriptor_class = _SecretAttribute

    def from_db_value(self, value, expression, connection):
        if value is None:
            return Secret("")
        return Secret(decrypt(value))

    def to_python(self, value):
        if isinstance(value, Secret):
            return value
        return Secret(value or "")

    def get_prep_value(self, value):
        if isinstance(value, Secret):
            value = value.reveal()
        return encrypt(value or "")

    def value_to_string(self, obj):
        # Serialisation (dumpdata) never writes the plaintext.
        return ""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.CharField,
            "widget": forms.PasswordInput(
                render_value=False, attrs={"autocomplete": "new-password"}
            ),
            "required": False,
        }
        defaults.update(kwargs)
        defaults.pop("max_length", None)
        return super().formfield(**defaults)
