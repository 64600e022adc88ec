"""The push engine: plans (decisions, prerequisites), sending, previews and dry runs."""

from integrations.sync.push.engine import push_step
from integrations.sync.push.plan import Plan, Planned, controlid_for, decide, plan_batch
from integrations.sync.push.preview import PlannedWrite, PushPreview, push_dry_run, push_preview

__all__ = [
    "Plan",
    "Planned",
    "PlannedWrite",
    "PushPreview",
    "controlid_for",
    "decide",
    "plan_batch",
    "push_dry_run",
    "push_preview",
    "push_step",
]
