"""Logging filters that keep the console readable: one line per problem, no request chatter."""

import logging


class RequestLinesAtDebug(logging.Filter):
    """Request lines become DEBUG records, shown only when their logger is at DEBUG.

    ``up_to`` is the highest level demoted. For ``django.server`` (the development server)
    that is every line: ``django.request`` already reports each 4xx and 5xx response once.
    For the Intacct gateway's per-request lines it is INFO (the demo turns this on), so the
    console shows sync progress and problems, not one line per request.
    """

    def __init__(self, up_to: str = "INFO") -> None:
        super().__init__()
        self.up_to = logging.getLevelName(up_to)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > self.up_to:
            return True
        record.levelno = logging.DEBUG
        record.levelname = logging.getLevelName(logging.DEBUG)
        return logging.getLogger(record.name).isEnabledFor(logging.DEBUG)


class ClientErrorsOnOneLine(logging.Filter):
    """``django.request``: a 4xx response (a 403 from ``PermissionDenied``) is one line.

    Django attaches the exception to the record, which prints a 30-line traceback for what
    is a user opening a page they may not see. Server errors (5xx) keep their traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
