"""Helpers of the AP write-back tests: pulls and pushes over HTTP, Intacct-side changes."""

from integrations.push_services import push_start
from integrations.services import sync_run_execute, sync_start
from integrations.sync.clients import client_for


def pull(conn, objects, stage="incremental"):
    run = sync_start(connection=conn, trigger="command", stage=stage, objects=objects,
                     enqueue=False)  # fmt: skip
    run = sync_run_execute(run=run, follow_up="none")
    assert run.status == "succeeded", run.message
    return run


def push(conn, objects=None):
    return sync_run_execute(run=push_start(connection=conn, objects=objects, enqueue=False))


def in_intacct(conn, function):
    """Run one write in Intacct directly (what a user does in Intacct's screens)."""
    with client_for(conn) as client:
        (outcome,) = client.execute([function])
    assert outcome.ok, outcome.errors
    return outcome


def functions(sandbox, name):
    return sandbox.status()["functions"].get(name, 0)
