"""Links between records in the admin, and how a record is found again in Intacct."""

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Model
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html


def day(value: date | None) -> str:
    """A date as the admin prints its date fields."""
    return date_format(value) if value else "—"


def change_url(obj: Model) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def record_link(obj: Model | None, text: Any = None) -> str:
    """A link to ``obj``'s change page ("—" when there is none)."""
    if obj is None:
        return "—"
    return format_html('<a href="{}">{}</a>', change_url(obj), obj if text is None else text)


def list_link(model: type[Model], params: dict[str, Any], text: Any) -> str:
    """A link to ``model``'s list filtered by ``params``."""
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, urlencode(params), text)


def intacct_reference(obj: Any, object_name: str) -> str:
    """RECORDNO and ID of the Intacct record.

    Intacct's RECORD_URL carries a session-bound key that the API does not give us, so no
    deep link is built; staff find the record in Intacct by its ID or record number.
    """
    if not obj.intacct_recordno and not obj.intacct_id:
        return "Not in Intacct yet"
    return format_html(
        "{} · RECORDNO <strong>{}</strong> · ID <strong>{}</strong>",
        object_name,
        obj.intacct_recordno or "—",
        obj.intacct_id or "—",
    )
