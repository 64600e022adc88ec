"""What the customer and vendor screens share: the payment-term screen and party columns."""

from typing import Any

from django.contrib import admin

from integrations.admin.records import IntacctRecordAdmin, SyncStateFilter
from integrations.display import entity_code


def base_code(party: Any) -> str:
    """A party's balances are in its entity's base currency (its own currency at top level)."""
    entity = party.created_in_entity
    return (entity.currency if entity else "") or party.currency


class TermAdmin(IntacctRecordAdmin):
    """A payment term (ARTERM or APTERM): subclasses list their ``intacct_fields``."""

    list_display = ("name", "description", "due_days", "status", "connection", "sync_badge")
    list_filter = ("connection", "status", SyncStateFilter)
    search_fields = ("name", "description")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A static attribute, not get_fieldsets(): the admin's start-up checks read it.
        super().__init_subclass__(**kwargs)
        cls.fieldsets = (
            (None, {"fields": cls.intacct_fields}),
            IntacctRecordAdmin.binding_fieldset,
        )


class PartyColumnsMixin:
    """List columns of a customer or vendor list."""

    @admin.display(description="Entity", ordering="created_in_entity__location_id")
    def entity_column(self, obj: Any) -> str:
        return entity_code(obj) or "—"
