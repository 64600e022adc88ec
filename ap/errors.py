"""Typed errors of the AP domain.

They derive from the client's ``IntacctError`` because they are about Intacct's data: the
engine records them like any failed step (a sync error linked to its catalogue entry).
"""

from integrations.intacct.errors import ErrorDetail, IntacctError

DUPLICATE_UNITS = "AP-UOM-DUPLICATE"
UNMAPPED_STATE = "AP-STATUS-UNMAPPED"


class DuplicateUnitsError(IntacctError):
    """Intacct holds two units of measure with the same value: nothing is imported."""

    default_party = "intacct data"

    def __init__(self, duplicates: list[tuple[str, str]]) -> None:
        pairs = "; ".join(f"{first} and {second}" for first, second in duplicates)
        message = f"Units of measure must be unique, but these have the same value: {pairs}."
        super().__init__(
            message,
            errors=[
                ErrorDetail(
                    errorno=DUPLICATE_UNITS,
                    description=message,
                    correction="Rename or delete one unit of each pair in Intacct, then sync.",
                )
            ],
        )
        self.duplicates = duplicates
