"""Builders of company-administration reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from lxml import etree

from .base import Function, new_controlid, sub


@dataclass(frozen=True)
class GetUserPermissions(Function):
    """``getUserPermissions``: a user's rights per application and permission (changes
    nothing)."""

    function_name: ClassVar[str] = "getUserPermissions"
    billable: ClassVar[int] = 0
    user_id: str
    controlid: str = field(default_factory=new_controlid, kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.user_id, str) or not self.user_id.strip():
            raise ValueError("getUserPermissions needs a user ID.")

    def payload(self) -> etree._Element:
        """``<getUserPermissions><userId>..</userId></getUserPermissions>``."""
        node = etree.Element("getUserPermissions")
        sub(node, "userId", self.user_id.strip())
        return node
