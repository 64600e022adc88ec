"""Tasks the distributed tests enqueue: a sync started inside a cluster's worker, as a schedule
or another machine's button would start it."""

from integrations.models import IntacctConnection
from integrations.services import sync_start
from integrations.sync.lifecycle import RunAlreadyActive


def start_sync(connection_id: int, stage: str, objects: list[str]) -> str:
    """Start (queue and enqueue) a sync of the connection; report a refusal instead of failing."""
    connection = IntacctConnection.objects.get(pk=connection_id)
    try:
        run = sync_start(connection=connection, trigger="command", stage=stage, objects=objects)
    except RunAlreadyActive as exc:
        return f"refused: run {exc.run.pk} is active"
    return f"queued run {run.pk}"
