"""Fixtures of the AP bill, payment, credit and card tests: an imported sandbox company."""

import pytest

from integrations.services import sync_run_execute, sync_start


def run_stage(conn, stage):
    done = sync_run_execute(
        run=sync_start(connection=conn, trigger="command", stage=stage, enqueue=False),
        follow_up="none",
    )
    assert done.status == "succeeded", (stage, done.message)
    return done


@pytest.fixture
def ap_imported(sandbox, connect):
    """A sandbox company after the initial and historical imports."""
    conn = connect(sandbox)
    run_stage(conn, "initial")
    run_stage(conn, "historical")
    return sandbox, conn
