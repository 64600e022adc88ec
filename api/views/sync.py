"""Sync runs, sync errors and connections; the operations of the admin (Sync Now, a manual
import, retry / skip / resolve an error), each through the service the admin calls."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.filters import SyncErrorFilter, SyncRunFilter
from api.problems import Conflict, Unprocessable
from api.serializers import runs as runs_s
from api.views.base import ApiView, RecordViewSet
from integrations import error_actions, services
from integrations.intacct import IntacctError
from integrations.models import IntacctConnection, SyncError, SyncRun
from integrations.sync.lifecycle import ConnectionUnavailable, RunAlreadyActive

REQUEST_SYNC = "integrations.request_sync"
# Consultants: they may change connections (the admin's test for operating one).
OPERATE = "integrations.change_intacctconnection"
CHANGE_ERRORS = "integrations.change_syncerror"


class UpstreamUnavailable(exceptions.APIException):
    status_code = status.HTTP_502_BAD_GATEWAY
    default_detail = "Intacct did not answer."
    default_code = "intacct_unavailable"


class SyncRunViewSet(RecordViewSet):
    queryset = SyncRun.objects.all()
    serializer_class = runs_s.SyncRunSerializer
    filterset_class = SyncRunFilter
    ordering_fields = ("id", "queued_at")


class ConnectionViewSet(RecordViewSet):
    """Consultants only (staff have no view permission on connections); never a password."""

    queryset = IntacctConnection.objects.all()
    serializer_class = runs_s.ConnectionSerializer
    filterset_fields = ("enabled",)
    ordering_fields = ("id", "name")


class SyncErrorViewSet(RecordViewSet):
    queryset = SyncError.objects.select_related("catalogue_entry")
    serializer_class = runs_s.SyncErrorSerializer
    filterset_class = SyncErrorFilter
    ordering_fields = ("id", "last_seen")
    action_permissions = {
        "retry": (CHANGE_ERRORS,),
        "skip": (CHANGE_ERRORS,),
        "resolve": (OPERATE,),
    }

    def _error_for(self, request: Request) -> SyncError:
        error: SyncError = self.get_object()
        # Staff act on their records' errors; a whole step's error is a consultant's.
        if error.record_key == "" and not request.user.has_perm(OPERATE):
            raise exceptions.PermissionDenied(
                "An implementation consultant handles the errors of whole steps."
            )
        return error

    def _result(self, error: SyncError, run: SyncRun | None, message: str) -> Response:
        error.refresh_from_db()
        data = runs_s.ErrorActionResultSerializer(
            {"error": error, "run": run, "message": message}
        ).data
        return Response(data)

    @extend_schema(request=None, responses=runs_s.ErrorActionResultSerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request: Request, pk: Any = None) -> Response:
        """Mark the error for retry and queue a retry run of its connection."""
        error = self._error_for(request)
        if error.status == SyncError.Status.RESOLVED:
            raise Conflict("The error is resolved; there is nothing to retry.")
        outcomes = error_actions.sync_errors_retry(errors=[error], user=request.user.get_username())
        outcome = outcomes[0]
        return self._result(error, outcome.run, outcome.message)

    @extend_schema(request=None, responses=runs_s.ErrorActionResultSerializer)
    @action(detail=True, methods=["post"])
    def skip(self, request: Request, pk: Any = None) -> Response:
        """Skip the record in future syncs until the error is resolved."""
        error = self._error_for(request)
        if error.status == SyncError.Status.RESOLVED:
            raise Conflict("The error is resolved; there is nothing to skip.")
        error_actions.sync_errors_mark(
            errors=[error], action=error_actions.SKIP, user=request.user.get_username()
        )
        return self._result(error, None, "The record will be skipped until the error is resolved.")

    @extend_schema(request=None, responses=runs_s.ErrorActionResultSerializer)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: Any = None) -> Response:
        """Mark the error resolved (consultants)."""
        error = self.get_object()
        error_actions.sync_errors_mark(
            errors=[error], action=error_actions.RESOLVE, user=request.user.get_username()
        )
        return self._result(error, None, "The error is marked resolved.")


class SyncNowView(ApiView):
    """Sync Now: an incremental run of the connection (initial if nothing was imported)."""

    required_permissions = (REQUEST_SYNC,)

    @extend_schema(
        request=runs_s.SyncNowSerializer,
        responses={202: runs_s.SyncRunSerializer},
        operation_id="sync_now",
    )
    def post(self, request: Request) -> Response:
        form = runs_s.SyncNowSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        connection = _connection(form.validated_data["connection"])
        try:
            run = services.sync_now(connection=connection, user=request.user.get_username())
        except (RunAlreadyActive, ConnectionUnavailable) as exc:
            raise Conflict(str(exc)) from exc
        return Response(runs_s.SyncRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class ManualImportView(ApiView):
    """A manual import of the connection page (consultants)."""

    required_permissions = (OPERATE,)

    @extend_schema(
        request=runs_s.ManualImportSerializer,
        responses={202: runs_s.SyncRunSerializer},
        operation_id="manual_import",
    )
    def post(self, request: Request) -> Response:
        form = runs_s.ManualImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        connection = _connection(data["connection"])
        try:
            run = services.manual_import_start(
                connection=connection,
                what=data["what"],
                user=request.user.get_username(),
                parameters=data.get("parameters") or {},
            )
        except IntacctError as exc:
            raise UpstreamUnavailable(f"Intacct did not answer: {exc}") from exc
        except (RunAlreadyActive, ConnectionUnavailable) as exc:
            raise Conflict(str(exc)) from exc
        except ValueError as exc:
            raise Unprocessable(str(exc)) from exc
        return Response(runs_s.SyncRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


def _connection(pk: int) -> IntacctConnection:
    connection = IntacctConnection.objects.filter(pk=pk).first()
    if connection is None:
        raise exceptions.ValidationError({"connection": ["No connection has this ID."]})
    return connection
