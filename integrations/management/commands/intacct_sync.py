"""Run a sync in the foreground with a progress line.

Exit status: 0 when every run succeeded, 1 when a run failed (or the sync could not start),
3 when a run partially failed (some records or steps failed; see Sync errors).
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from integrations.models import IntacctConnection, SyncRun
from integrations.push_services import push_dry_run_list, push_start
from integrations.services import sync_run_execute, sync_start
from integrations.sync.lifecycle import ConnectionUnavailable, RunAlreadyActive
from integrations.sync.registry import RegistryError

STAGES = ("initial", "historical", "incremental", "manual_import")
EXIT_FAILED = 1
EXIT_PARTIALLY_FAILED = 3


class Command(BaseCommand):
    help = "Sync one connection now, in this process, and print the run summary."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--connection", required=True, help="The connection's name.")
        parser.add_argument("--stage", choices=STAGES, default=None)
        parser.add_argument(
            "--objects", default="", help="Comma-separated step names (default: all)."
        )
        parser.add_argument(
            "--direction",
            choices=("both", "pull", "push"),
            default="both",
            help=(
                "push: write what is pending to Intacct; pull: read only; both (default): pull, "
                "then push when the connection's Reconcile to Intacct is on."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="With --direction push: list every function the push would send; send nothing.",
        )
        parser.add_argument(
            "--reconcile-keys",
            action="store_true",
            help="Also compare every RECORDNO with Intacct and mark what it no longer has.",
        )

    def handle(
        self,
        *args,
        connection: str,
        stage: str | None,
        objects: str,
        reconcile_keys: bool,
        direction: str = "both",
        dry_run: bool = False,
        **opts,
    ) -> None:
        conn = IntacctConnection.objects.filter(name=connection).first()
        if conn is None:
            names = ", ".join(IntacctConnection.objects.values_list("name", flat=True)) or "none"
            raise CommandError(f"No connection named {connection!r} (connections: {names}).")
        if stage is None:
            stage = "incremental" if conn.cursors.exists() else "initial"
        wanted = [o.strip() for o in objects.split(",") if o.strip()] or None
        if dry_run and direction != "push":
            raise CommandError("--dry-run goes with --direction push.")
        try:
            if dry_run:
                self._dry_run(conn, wanted)
                return
            if direction == "push":
                run = push_start(
                    connection=conn,
                    objects=wanted,
                    requested_by="command line",
                    enqueue=False,
                )
            else:
                run = sync_start(
                    connection=conn,
                    trigger=SyncRun.Trigger.COMMAND,
                    stage=stage,
                    objects=wanted,
                    requested_by="command line",
                    enqueue=False,
                    reconcile_keys=reconcile_keys,
                    parameters={"direction": "pull"} if direction == "pull" else None,
                )
        except (RunAlreadyActive, ConnectionUnavailable, RegistryError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Run #{run.pk}: {run.get_stage_display()} of {conn}")
        interactive = sys.stdout.isatty()

        def progress(r: SyncRun) -> None:
            p = r.progress or {}
            total = p.get("total")
            line = (
                f"  {p.get('step', '')}: page {p.get('page', 0)}, {p.get('records', 0):,}"
                + (f"/{total:,}" if isinstance(total, int) else "")
                + f" records · {r.api_requests} requests"
            )
            if interactive:
                self.stdout.write("\r" + line.ljust(78), ending="")
                self.stdout.flush()
            else:
                self.stdout.write(line)

        run = sync_run_execute(run=run, on_progress=progress, follow_up="inline")
        if interactive:
            self.stdout.write("")
        self._summary(run)
        runs = [run]
        if run.follow_up_run is not None:
            self.stdout.write("The initial import succeeded; the historical import followed:")
            self._summary(run.follow_up_run)
            runs.append(run.follow_up_run)
        failed = [r for r in runs if r.status == SyncRun.Status.FAILED]
        if failed:
            raise CommandError(
                f"Run #{failed[0].pk} failed: {failed[0].message}", returncode=EXIT_FAILED
            )
        partial = [r for r in runs if r.status == SyncRun.Status.PARTIALLY_FAILED]
        if partial:
            raise CommandError(
                f"Run #{partial[0].pk} partially failed: {partial[0].message}",
                returncode=EXIT_PARTIALLY_FAILED,
            )

    def _dry_run(self, conn: IntacctConnection, wanted: list[str] | None) -> None:
        writes = push_dry_run_list(connection=conn, objects=wanted)
        self.stdout.write(f"Dry run of a push to {conn}: nothing is sent.")
        for w in writes:
            self.stdout.write(
                f"  {w.action.value:<8} {w.function or '-':<16} {w.object_name:<10} "
                f"{w.record}  [{w.controlid or 'no function'}] {w.reason}"
            )
        sent = sum(1 for w in writes if w.function)
        self.stdout.write(
            f"{sent} function(s) would be sent for {len(writes)} record(s); "
            f"{sum(1 for w in writes if w.action.value == 'refuse')} refused."
        )

    def _summary(self, run: SyncRun) -> None:
        self.stdout.write(
            f"Run #{run.pk} {run.get_status_display().lower()} in "
            f"{(run.duration_seconds or 0):.1f}s: {run.records_read} read, "
            f"{run.records_written} written, {run.records_failed} failed; "
            f"{run.api_requests} API requests, {run.billable_transactions} billable transactions."
        )
        for step, c in (run.counts or {}).items():
            self.stdout.write(
                f"  {step:<16} read {c.get('read', 0):>7}  created {c.get('created', 0):>7}  "
                f"updated {c.get('updated', 0):>7}  unchanged {c.get('unchanged', 0):>7}  "
                f"skipped {c.get('skipped', 0):>5}  failed {c.get('failed', 0):>5}  "
                f"deleted {c.get('deleted', 0):>5}"
            )
        if run.message:
            self.stdout.write(run.message)
