"""``make demo``: the sandbox, a connection to it, the initial sync, a worker and the web server.

Everything runs on the embedded defaults (SQLite, ORM broker). The sandbox keeps its company
in ``var/sandbox`` so a second ``make demo`` starts in seconds and keeps what you changed.
Ctrl-C stops every process this command started.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from integrations.management.commands.intacct_sync import EXIT_PARTIALLY_FAILED
from integrations.models import IntacctConnection

DEMO_CONNECTION = "Demo company (sandbox)"
SANDBOX_CREDENTIALS = {
    "--sender-id": "demo_sender",
    "--company-id": "DEMO-CO",
    "--user-id": "ws_user",
}
# Passed through the environment, as intacct_connect prefers (never on a command line).
SANDBOX_PASSWORDS = {
    "INTACCT_SENDER_PASSWORD": "demo_sender_pw",
    "INTACCT_USER_PASSWORD": "ws_user_pw",
}


def _port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


class Command(BaseCommand):
    help = "Start the sandbox, connect and sync it, then run a worker and the web server."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--sandbox-port", type=int, default=8765)
        parser.add_argument("--scale", type=int, default=2000, help="Sandbox invoices.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, host, port, sandbox_port, scale, seed, **opts) -> None:
        sandbox_base = f"http://127.0.0.1:{sandbox_port}/"
        env = dict(os.environ)
        allow = [a for a in settings.INTACCT_ENDPOINT_ALLOWLIST if a]
        if sandbox_base not in allow:
            allow.append(sandbox_base)
        env["INTACCT_ENDPOINT_ALLOWLIST"] = ",".join(allow)
        env.update(SANDBOX_PASSWORDS)
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        children: list[subprocess.Popen] = []

        def stop_requested(signum, frame):
            raise KeyboardInterrupt

        # `kill` stops the demo as cleanly as Ctrl-C does.
        signal.signal(signal.SIGTERM, stop_requested)

        def spawn(*cmd: str) -> subprocess.Popen:
            proc = subprocess.Popen([*manage, *cmd], env=env)  # noqa: S603 (our own commands)
            children.append(proc)
            return proc

        def run(*cmd: str) -> None:
            done = subprocess.run([*manage, *cmd], env=env, check=False)  # noqa: S603
            if cmd[0] == "intacct_sync" and done.returncode == EXIT_PARTIALLY_FAILED:
                # Some records failed (see Sync errors): the demo goes on, as a schedule would.
                self.stdout.write("The sync partially failed; its errors are under Sync errors.")
                return
            if done.returncode != 0:
                raise CommandError(f"`manage.py {' '.join(cmd[:1])}` failed; see above.")

        try:
            if _port_open("127.0.0.1", sandbox_port):
                raise CommandError(
                    f"Port {sandbox_port} is in use; stop what runs there or pass --sandbox-port."
                )
            data_dir = Path(settings.VAR_DIR) / "sandbox"
            self.stdout.write(
                f"Starting the Intacct sandbox ({scale} invoices; kept in {data_dir})"
            )
            sandbox = spawn(
                "intacct_sandbox",
                "--port",
                str(sandbox_port),
                "--data-dir",
                str(data_dir),
                "--scale",
                str(scale),
                "--seed",
                str(seed),
            )
            deadline = time.monotonic() + 600
            while not _port_open("127.0.0.1", sandbox_port):
                if sandbox.poll() is not None:
                    raise CommandError("The sandbox stopped while starting; see above.")
                if time.monotonic() > deadline:
                    raise CommandError("The sandbox did not start within 10 minutes.")
                time.sleep(0.5)
            connect = [
                "intacct_connect",
                "--name",
                DEMO_CONNECTION,
                "--endpoint",
                f"{sandbox_base}ia/xml/xmlgw.phtml",
            ]
            for flag, value in SANDBOX_CREDENTIALS.items():
                connect += [flag, value]
            run(*connect)
            connection = IntacctConnection.objects.get(name=DEMO_CONNECTION)
            if not connection.cursors.exists():
                run("intacct_sync", "--connection", DEMO_CONNECTION, "--stage", "initial")
            else:
                run("intacct_sync", "--connection", DEMO_CONNECTION, "--stage", "incremental")
            spawn("qcluster")
            self.stdout.write(f"\nOpen http://{host}:{port}/admin/ (Ctrl-C stops everything)\n")
            # --insecure: the development server serves the admin's static files with DEBUG off
            # (the demo only; production serves STATIC_ROOT from its web server).
            server = spawn("runserver", f"{host}:{port}", "--noreload", "--insecure")
            server.wait()
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            # SIGTERM, not SIGINT: children of a background job ignore SIGINT.
            for proc in reversed(children):
                if proc.poll() is None:
                    proc.terminate()
            deadline = time.monotonic() + 15
            for proc in reversed(children):
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
