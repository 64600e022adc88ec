"""Error reports (the debug page, error e-mails) that never show a secret.

Django's own filtering hides settings named like secrets and the variables and POST fields a
view declares sensitive. Secrets also travel where no declaration reaches (a request body in a
frame of ``requests``), so this filter masks every frame variable whose text contains a live
:class:`~integrations.intacct.secret.Secret`, and the reporter masks the finished page too.
"""

from typing import Any

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from integrations.intacct.secret import Secret, live_secrets, mask_all

_CLEANSED = SafeExceptionReporterFilter.cleansed_substitute


class _Masked:
    """A frame variable shown as its text with the secrets masked."""

    def __init__(self, text: str) -> None:
        self._text = text

    def __repr__(self) -> str:
        return self._text


def _text_of(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    try:
        return repr(value)
    except Exception:
        return f"<{type(value).__name__}>"


def mask_value(value: Any, secrets: list[Secret]) -> Any:
    """``value`` itself when it shows no secret, else its text with the secrets masked."""
    if isinstance(value, Secret) or not secrets:
        return value
    text = _text_of(value)
    if any(form in text for secret in secrets for form in secret.forms()):
        masked = text
        for secret in sorted(secrets, key=len, reverse=True):
            masked = secret.mask_in(masked, SafeExceptionReporterFilter.cleansed_substitute)
        return _Masked(masked)
    return value


class SecretSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, plus: no frame variable, POST field or setting shows a secret."""

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        secrets = live_secrets()
        return [(name, mask_value(value, secrets)) for name, value in variables]

    def get_post_parameters(self, request):
        params = super().get_post_parameters(request)
        secrets = live_secrets()
        if not secrets or not params:
            return params
        cleansed = params.copy()
        for key, value in params.items():
            if any(form in str(value) for secret in secrets for form in secret.forms()):
                cleansed[key] = self.cleansed_substitute
        return cleansed


class SecretSafeExceptionReporter(ExceptionReporter):
    """The technical 500 page and error e-mails, with any remaining secret text masked."""

    def get_traceback_html(self):
        return mask_all(str(super().get_traceback_html()), _CLEANSED)

    def get_traceback_text(self):
        return mask_all(str(super().get_traceback_text()), _CLEANSED)
