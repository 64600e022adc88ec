"""Function handlers, registered by name in :data:`REGISTRY` when their modules import."""

from __future__ import annotations

from . import ap_writes, ar_writes, attachments, generic, meta, query, reads  # noqa: F401
from .base import REGISTRY, Context, FunctionResult, FunctionSpec

__all__ = ["REGISTRY", "Context", "FunctionResult", "FunctionSpec"]
