"""Function handlers, registered by name in :data:`REGISTRY` when their modules import."""

from __future__ import annotations

from . import (  # noqa: F401 - importing registers the handlers
    ap_adjustments,
    ap_bills,
    ap_payments,
    ar_applications,
    ar_invoices,
    ar_payments,
    attachments,
    cards,
    generic,
    legacy,
    meta,
    purchasing,
    query,
    reads,
    supdocs,
)
from .base import REGISTRY, Context, FunctionResult, FunctionSpec

__all__ = ["REGISTRY", "Context", "FunctionResult", "FunctionSpec"]
