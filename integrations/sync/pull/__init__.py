"""The pull engine, by role: page sources, applying a page, cursors, custom fields, one step.

``step`` drives a pull; ``pages`` says where its pages come from (and builds the one select
list); ``apply`` maps and upserts a page; ``cursors`` keeps where a pull resumes; ``customs``
handles the connection's chosen custom fields.
"""

from integrations.sync.pull.apply import apply_page, values_hash
from integrations.sync.pull.cursors import FULL_PASS_STAGES, cursor_key
from integrations.sync.pull.customs import chosen_custom_fields, custom_values
from integrations.sync.pull.pages import select_list
from integrations.sync.pull.step import (
    OpenedPull,
    can_open_early,
    open_pull,
    pull_records_by_key,
    pull_step,
)

__all__ = [
    "FULL_PASS_STAGES",
    "OpenedPull",
    "apply_page",
    "can_open_early",
    "chosen_custom_fields",
    "cursor_key",
    "custom_values",
    "open_pull",
    "pull_records_by_key",
    "pull_step",
    "select_list",
    "values_hash",
]
