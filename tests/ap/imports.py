"""Running sync stages against the sandbox, for the AP document tests."""

from integrations.services import sync_run_execute, sync_start


def run_stage(conn, stage):
    done = sync_run_execute(
        run=sync_start(connection=conn, trigger="command", stage=stage, enqueue=False),
        follow_up="none",
    )
    assert done.status == "succeeded", (stage, done.message)
    return done


def import_company(sandbox, connect):
    """A sandbox company after the initial and historical imports: (sandbox, connection)."""
    conn = connect(sandbox)
    run_stage(conn, "initial")
    run_stage(conn, "historical")
    return sandbox, conn
