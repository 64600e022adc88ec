"""Units of measure must be unique: check every unit before any is imported."""

from ap.errors import DuplicateUnitsError
from integrations.sync.context import RunContext


def _describe(unit: str, group: str, recordno: int | None) -> str:
    return f"'{unit}' (group {group or '?'}, record {recordno})"


def units_checked_unique(ctx: RunContext) -> list[int]:
    """Every UOMDETAIL RECORDNO, after checking no two units share a value.

    Used as the units step's key list, so a duplicate fails the step before one unit is
    written (no half-imported units). Two values are the same when they differ only in case
    or surrounding spaces, as Intacct users read them.
    """
    groups: dict[int, str] = {}
    for page in ctx.client.query("UOM", ["RECORDNO", "NAME"], page_size=2000):
        for row in page.records:
            key = row.int("RECORDNO")
            if key is not None:
                groups[key] = row.text("NAME") or ""
    seen: dict[str, str] = {}
    duplicates: list[tuple[str, str]] = []
    keys: list[int] = []
    for page in ctx.client.query(
        "UOMDETAIL",
        ["RECORDNO", "UNIT", "GRPKEY"],
        order_by=[("RECORDNO", "asc")],
        page_size=2000,
    ):
        for row in page.records:
            recordno = row.int("RECORDNO")
            if recordno is None:
                continue
            keys.append(recordno)
            unit = row.text("UNIT") or ""
            label = _describe(unit, groups.get(row.int("GRPKEY") or 0, ""), recordno)
            value = unit.strip().casefold()
            if value in seen:
                duplicates.append((seen[value], label))
            else:
                seen[value] = label
    if duplicates:
        raise DuplicateUnitsError(duplicates)
    return keys
