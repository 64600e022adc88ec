"""Services of the integration: start syncs, test connections, create connections.

Interfaces (admin, commands, tasks) call these and hold no rules of their own.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from integrations.credentials import credentials_status_record
from integrations.crypto import CredentialDecryptionError
from integrations.intacct import (
    CredentialsError,
    EndpointNotAllowed,
    IntacctError,
    RequestValueError,
)
from integrations.models import ErrorCatalogueEntry, IntacctConnection, SyncRun
from integrations.notifications import notify_run_finished, open_error_count
from integrations.sync import catalogue, lifecycle, runner
from integrations.sync.clients import client_for
from integrations.sync.context import ProgressCallback
from integrations.sync.errors import error_dicts
from integrations.sync.manual_imports import manual_imports
from integrations.sync.registry import registry
from integrations.sync.steps import PullStep
from integrations.write_permissions import WriteCheck, write_permissions_check

log = logging.getLogger(__name__)


def sync_start(
    *,
    connection: IntacctConnection,
    trigger: str,
    stage: str = SyncRun.Stage.INCREMENTAL,
    objects: list[str] | None = None,
    requested_by: str = "",
    enqueue: bool = True,
    reconcile_keys: bool = False,
    parameters: Mapping[str, Any] | None = None,
) -> SyncRun:
    """Queue a run (one per connection) and hand it to django-q2 unless ``enqueue`` is False.

    ``parameters`` are the run's options that its steps read (e.g. a manual import's value).

    Raises ``RunAlreadyActive`` or ``ConnectionUnavailable`` with a message for the user.
    """
    if objects:
        for name in objects:
            registry.get(name)
    run = lifecycle.queue_run(
        connection=connection,
        trigger=trigger,
        stage=stage,
        objects=objects,
        requested_by=requested_by,
        reconcile_keys=reconcile_keys,
        parameters=parameters,
    )
    if enqueue:
        from django_q.tasks import async_task

        transaction.on_commit(
            lambda: async_task(
                "integrations.tasks.run_sync_task", run.pk, task_name=f"sync-run-{run.pk}"
            )
        )
    return run


def sync_now(*, connection: IntacctConnection, user: str = "") -> SyncRun:
    """The Sync Now button: an incremental run, unless nothing was ever imported (initial)."""
    if connection.credentials_status == "bad":
        raise lifecycle.ConnectionUnavailable(
            "Intacct rejected this connection's credentials; fix them and test the connection "
            "before syncing."
        )
    if connection.credentials_status != "ok":
        raise lifecycle.ConnectionUnavailable(
            "Use Test connection first: this connection's credentials are new or changed and "
            "have not passed a test yet."
        )
    stage = SyncRun.Stage.INCREMENTAL if connection.cursors.exists() else SyncRun.Stage.INITIAL
    return sync_start(
        connection=connection, trigger=SyncRun.Trigger.SYNC_NOW, stage=stage, requested_by=user
    )


def sync_retry(*, connection_id: int, user: str = "") -> SyncRun:
    """Re-sync the records whose errors are marked retrying (pulls re-read them by key)."""
    from integrations.models import SyncError

    connection = IntacctConnection.objects.get(pk=connection_id)
    steps = {
        s.name
        for s in registry.plan()
        if SyncError.objects.filter(
            connection=connection, object_name=s.object_name, status=SyncError.Status.RETRYING
        ).exists()
    }
    for record in SyncError.objects.filter(
        connection=connection, status=SyncError.Status.RETRYING, direction="push"
    ).exclude(local_model=""):
        _mark_pending(record.local_model, record.local_pk)
    return sync_start(
        connection=connection,
        trigger=SyncRun.Trigger.RETRY,
        stage=SyncRun.Stage.INCREMENTAL,
        objects=sorted(steps) or None,
        requested_by=user,
    )


def _mark_pending(model_label: str, pk: str) -> None:
    from django.apps import apps

    from integrations.models import SyncState

    model = apps.get_model(model_label)
    model.objects.filter(pk=pk, sync_state=SyncState.FAILED).update(
        sync_state=SyncState.PENDING_PUSH
    )


FOLLOW_UP_MODES = ("enqueue", "inline", "none")


def sync_run_execute(
    *,
    run: SyncRun,
    client=None,
    on_progress: ProgressCallback | None = None,
    follow_up: str = "enqueue",
) -> SyncRun:
    """Execute a queued run in this process and send the notification it calls for.

    A successful initial import starts the historical import by itself: queued for the
    workers (``enqueue``), run right here (``inline``, the foreground command), or not at all
    (``none``). The follow-up run, if any, is on ``run.follow_up_run``.
    """
    if follow_up not in FOLLOW_UP_MODES:
        raise ValueError(f"follow_up must be one of {FOLLOW_UP_MODES}")
    own_client = client is None
    try:
        if own_client:
            # One client (one API session) for the run and the import that follows it.
            client = client_for(run.connection)
    except (IntacctError, CredentialDecryptionError, ValueError) as exc:
        # A connection that cannot even make a client (endpoint off the allow-list, a password
        # the keys cannot decrypt, a missing password) fails its run now: left queued, it would
        # block every later sync until the queued timeout.
        log.warning("sync run %s could not start: %s", run.pk, exc)
        run = lifecycle.fail_if_active(run, message=f"Could not start: {exc}")
        try:
            notify_run_finished(run, errors_before=open_error_count(run.connection_id))
        except CredentialDecryptionError:
            log.warning("run %s: no notification (its connection cannot be loaded)", run.pk)
        run.follow_up_run = None
        return run
    except BaseException as exc:
        lifecycle.fail_if_active(run, message=f"Crashed before it started: {exc}")
        raise
    try:
        return _execute_and_follow(run, client, on_progress, follow_up)
    except BaseException as exc:
        # Whatever stopped it (a crash, SIGTERM in a worker), the run does not stay active.
        lifecycle.fail_if_active(run, message=f"Crashed: {exc}")
        raise
    finally:
        if own_client:
            client.close()


def _execute_and_follow(run: SyncRun, client, on_progress, follow_up: str) -> SyncRun:
    errors_before = open_error_count(run.connection_id)
    run = runner.run_now(run, client=client, on_progress=on_progress)
    if not run.is_active:
        notify_run_finished(run, errors_before=errors_before)
    run.follow_up_run = None
    if (
        follow_up != "none"
        and run.stage == SyncRun.Stage.INITIAL
        and run.status == SyncRun.Status.SUCCEEDED
    ):
        nxt = sync_start(
            connection=run.connection,
            trigger=run.trigger,
            stage=SyncRun.Stage.HISTORICAL,
            objects=run.objects_requested or None,
            requested_by="started by the initial import",
            enqueue=follow_up == "enqueue",
        )
        if follow_up == "inline":
            nxt = sync_run_execute(
                run=nxt, client=client, on_progress=on_progress, follow_up="none"
            )
        run.follow_up_run = nxt
    return run


def manual_import_start(
    *,
    connection: IntacctConnection,
    what: str,
    user: str = "",
    parameters: Mapping[str, str] | None = None,
    client: Any = None,
) -> SyncRun:
    """A manual import from the admin, run by the workers, with an e-mail when it finishes.

    ``what`` names an import a domain app registered; its parameter (if it has one) is
    taken from ``parameters`` and checked in Intacct first. Raises ValueError with a message
    for the user when the import or the value is unknown.
    """
    manual_import = manual_imports.get(what)
    # The run records what it imports (shown in Recent syncs).
    run_parameters: dict[str, str] = {"what": what}
    parameter = manual_import.parameter
    if parameter is not None:
        value = (parameters or {}).get(parameter.name, "").strip()
        if not value:
            raise ValueError(parameter.required_message or f"Give the {parameter.label}.")
        if parameter.check is not None:
            _check_parameter(connection, parameter.check, value, client)
        run_parameters[parameter.name] = value
    return sync_start(
        connection=connection,
        trigger=SyncRun.Trigger.MANUAL,
        stage=SyncRun.Stage.MANUAL_IMPORT,
        objects=list(manual_import.steps),
        requested_by=user,
        parameters=run_parameters,
    )


def _check_parameter(
    connection: IntacctConnection, check: Callable[[Any, str], None], value: str, client: Any
) -> None:
    own = client is None
    client = client_for(connection) if own else client
    try:
        check(client, value)
    finally:
        if own:
            client.close()


@dataclass
class ConnectionTestResult:
    ok: bool
    message: str
    entities: list[str] = field(default_factory=list)
    missing_permissions: list[str] = field(default_factory=list)
    # What could not be checked (e.g. an object no known permission governs).
    notes: list[str] = field(default_factory=list)
    # The troubleshooting entry that explains a failure, when one matches.
    catalogue_entry: ErrorCatalogueEntry | None = None


def connection_test(*, connection: IntacctConnection, client=None) -> ConnectionTestResult:
    """Log in, list reachable entities, check read access to every object the pulls read and,
    reading only, write access to every object the connection's enabled pushes write."""
    try:
        client = client if client is not None else client_for(connection)
    except IntacctError as exc:
        result = ConnectionTestResult(ok=False, message=f"Sign-in failed: {exc}")
        _save_test(connection, result, credentials_ok=False)
        return result
    try:
        try:
            client.open_session()
            entities = []
            for page in client.query(
                "LOCATIONENTITY", ["LOCATIONID", "NAME"], order_by=[("LOCATIONID", "asc")]
            ):
                entities.extend(f"{r.text('LOCATIONID')} — {r.text('NAME')}" for r in page.records)
        except (CredentialsError, EndpointNotAllowed, RequestValueError) as exc:
            result = ConnectionTestResult(
                ok=False, message=f"Sign-in failed: {exc}", catalogue_entry=_explained(exc)
            )
            _save_test(connection, result, credentials_ok=False)
            return result
        except IntacctError as exc:
            result = ConnectionTestResult(
                ok=False, message=f"Intacct did not answer: {exc}", catalogue_entry=_explained(exc)
            )
            _save_test(connection, result, credentials_ok=None)
            return result
        document_types = _sales_document_types(client)
        missing = []
        objects = sorted({s.object_name for s in registry.plan() if isinstance(s, PullStep)})
        for object_name in objects:
            try:
                next(iter(client.query(object_name, ["RECORDNO"], page_size=1)), None)
            except IntacctError as exc:
                missing.append(f"{object_name}: {exc}")
        writes = write_permissions_check(connection=connection, client=client)
    finally:
        close = getattr(client, "close", None)
        if close:
            close()
    ok = not missing and not writes.missing
    message = (
        f"Signed in to {connection.company_id}"
        + (f" (entity {connection.entity_id})" if connection.entity_id else " (top level)")
        + f"; {len(entities)} entit{'y' if len(entities) == 1 else 'ies'} reachable; "
        + (
            f"read access to all {len(objects)} objects"
            if not missing
            else f"no read access to {len(missing)} of {len(objects)} objects"
        )
        + _write_summary(writes)
        + "."
    )
    result = ConnectionTestResult(
        ok=ok,
        message=message,
        entities=entities,
        missing_permissions=missing + writes.missing,
        notes=writes.unchecked,
    )
    _save_test(connection, result, credentials_ok=True)
    if document_types is not None:
        IntacctConnection.objects.filter(pk=connection.pk).update(
            sales_document_types=document_types
        )
        connection.sales_document_types = document_types
    return result


def _write_summary(writes: WriteCheck) -> str:
    if not writes.objects:
        return ""
    if not writes.missing:
        return f"; write access to all {len(writes.objects)} objects the enabled pushes write"
    return f"; no write access to {len(writes.missing)} of {len(writes.objects)} objects pushed"


def _sales_document_types(client, *, limit: int = 100) -> list[str] | None:
    """The sales document types (DOCPARID) that have documents, in order; None if unreadable.

    Intacct's query has no DISTINCT: each step asks for the first type after the last one
    found, so the cost is one request per type (companies have a handful), not per document.
    """
    from integrations.intacct import filters as F

    found: list[str] = []
    try:
        while len(found) < limit:
            after = F.greater_than("DOCPARID", found[-1]) if found else None
            page = next(
                iter(
                    client.query(
                        "SODOCUMENT",
                        ["DOCPARID"],
                        filter=after,
                        order_by=[("DOCPARID", "asc")],
                        page_size=1,
                    )
                ),
                None,
            )
            if page is None or not page.records:
                break
            found.append(page.records[0].text("DOCPARID"))
    except IntacctError:
        return None
    return found


def _explained(exc: Exception) -> ErrorCatalogueEntry | None:
    return catalogue.match(error_dicts(getattr(exc, "errors", None) or []))


def _save_test(
    connection: IntacctConnection, result: ConnectionTestResult, *, credentials_ok: bool | None
) -> None:
    credentials_status_record(connection=connection, ok=credentials_ok, message=result.message)
