"""Errors a sandbox function or envelope check can raise, rendered as ``<errormessage>``."""

from __future__ import annotations

from dataclasses import dataclass

ROLLBACK_TEXT = "The entire transaction in this operation has been rolled back due to an error."


@dataclass(frozen=True)
class ErrorDetail:
    """One ``<error>`` element."""

    errorno: str
    description: str = ""
    description2: str = ""
    correction: str = ""


class IntacctError(Exception):
    """A failure reported inside a ``<result>`` (or at control/authentication level).

    ``create_failure`` marks generic create/update failures, whose result carries an empty
    ``<data listtype="objects" count="0"/>`` before the error message.
    """

    def __init__(self, *errors: ErrorDetail, create_failure: bool = False) -> None:
        super().__init__(
            "; ".join(f"{e.errorno}: {e.description2 or e.description}" for e in errors)
        )
        self.errors = list(errors)
        self.create_failure = create_failure


def error(
    errorno: str, description2: str = "", description: str = "", correction: str = ""
) -> ErrorDetail:
    """Shorthand for an :class:`ErrorDetail`."""
    return ErrorDetail(errorno, description, description2, correction)


def data_layer_error(detail: str = "") -> IntacctError:
    """The catch-all ``DL02000001`` Intacct returns for bad field lists and bad queries."""
    return IntacctError(
        error(
            "DL02000001",
            "There was an error processing the request.",
            "Error",
            detail,
        )
    )
