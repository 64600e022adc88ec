"""django-q2's ``qcluster`` with a bounded stop: on SIGTERM (or Ctrl-C) running syncs stop at
their next page and release their run, so the cluster exits within about a page's time."""

import os
from pathlib import Path

from django.conf import settings
from django_q.cluster import Cluster
from django_q.management.commands.qcluster import Command as QClusterCommand

from integrations.sync import shutdown


class BoundedStopCluster(Cluster):
    def sig_handler(self, signum, frame):
        shutdown.request_stop()
        super().sig_handler(signum, frame)


class Command(QClusterCommand):
    help = "Start a django-q2 cluster whose running syncs stop at their next page on SIGTERM."

    def handle(self, *args, **options):
        if options.get("cluster_name"):
            os.environ["Q_CLUSTER_NAME"] = options["cluster_name"]
        path = Path(settings.VAR_DIR) / "run" / f"qcluster-{os.getpid()}.stop"
        path.unlink(missing_ok=True)
        # Inherited by the sentinel and the workers it forks.
        os.environ[shutdown.STOP_FILE_VARIABLE] = str(path)
        cluster = BoundedStopCluster()
        cluster.start()
        if options.get("run_once", False):
            cluster.stop()
