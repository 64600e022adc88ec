"""A bounded stop for sync workers: on SIGTERM a running sync stops at its next page.

django-q2's cluster waits for every worker to finish its task before it exits, and a sync can
run for an hour, so a SIGTERM seemed ignored. Our ``qcluster`` command names a stop file in
the environment its workers inherit and creates it on SIGTERM; a running sync checks for it
whenever it records progress (every page), rolls back the page in flight and closes its run as
failed, to be resumed by the next run. The worker is then free and the cluster exits.
"""

import os
from pathlib import Path

STOP_FILE_VARIABLE = "INTACCT_HUB_STOP_FILE"


class StopRequested(Exception):
    """The worker running this sync is shutting down."""


def stop_file() -> Path | None:
    """The stop file of the cluster this process belongs to (None outside a cluster)."""
    value = os.environ.get(STOP_FILE_VARIABLE, "")
    return Path(value) if value else None


def stop_requested() -> bool:
    path = stop_file()
    return path is not None and path.exists()


def check_stop() -> None:
    """Raise :class:`StopRequested` when this worker's cluster is shutting down."""
    if stop_requested():
        raise StopRequested(
            "The worker was asked to stop (SIGTERM); the next run resumes where this one stopped."
        )


def request_stop() -> None:
    """Ask the syncs of this cluster to stop at their next page."""
    path = stop_file()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()


class RunClosedElsewhere(StopRequested):
    """Another worker closed this run (its heartbeat looked stale): this one must not go on."""
