"""Helpers for the AR admin tests."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone


def changelist(model: str) -> str:
    return reverse(f"admin:ar_{model}_changelist")


def listed(client, model: str, **params) -> set:
    """Primary keys of the rows a changelist shows for ``params`` (one page is enough)."""
    response = client.get(changelist(model), params)
    assert response.status_code == 200, response.status_code
    return {obj.pk for obj in response.context["cl"].result_list}


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)
