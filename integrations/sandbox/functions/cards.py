"""Charge card transactions: what ``update`` may change on one (texts, not amounts or state)."""

from __future__ import annotations

from typing import Any

from ..catalog import ObjectDef
from .base import Context
from .generic import UPDATERS

# Header texts an update of a posted card transaction may change; amounts, lines, the card
# and the state stay as they were.
_EDITABLE = frozenset({"RECORDID", "DESCRIPTION", "DESCRIPTION2", "SUPDOCID"})


def update_cctransaction(
    context: Context, definition: ObjectDef, current: dict[str, Any], changes: dict[str, Any]
) -> None:
    for name in list(changes):
        if name not in _EDITABLE and not (
            definition.fields.get(name) is not None and definition.fields[name].custom
        ):
            changes.pop(name)


UPDATERS["CCTRANSACTION"] = update_cctransaction
