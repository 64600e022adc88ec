"""Which endpoints Intacct credentials may be sent to.

Credentials only ever go to ``https://<host>.intacct.com/...`` or to a URL that starts with an
entry of the operator's allow-list (e.g. the local sandbox). The endpoint returned by
``getAPISession`` is checked with the same rule before the session is used.
"""

from collections.abc import Iterable
from urllib.parse import urlsplit

from .errors import EndpointNotAllowed

__all__ = ["INTACCT_DOMAIN", "EndpointNotAllowed", "check_endpoint"]

INTACCT_DOMAIN = "intacct.com"


def _is_intacct_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host == INTACCT_DOMAIN or host.endswith("." + INTACCT_DOMAIN)


def _matches_prefix(url: str, prefix: str) -> bool:
    target, allowed = urlsplit(url), urlsplit(prefix)
    if not allowed.scheme or not allowed.netloc:
        return False
    return (
        target.scheme.lower() == allowed.scheme.lower()
        and target.netloc.lower() == allowed.netloc.lower()
        and target.path.startswith(allowed.path or "/")
    )


def check_endpoint(url: str, allowlist: Iterable[str] = ()) -> str:
    """Return ``url`` if credentials may be sent there, else raise :class:`EndpointNotAllowed`."""
    parts = urlsplit(url.strip())
    if parts.username or parts.password:
        raise EndpointNotAllowed("The endpoint URL must not contain a user name or password.")
    if any(_matches_prefix(url.strip(), prefix) for prefix in allowlist):
        return url.strip()
    if parts.scheme != "https":
        raise EndpointNotAllowed(
            "The endpoint must use https:// (only allow-listed sandbox URLs may use http)."
        )
    if not parts.hostname or not _is_intacct_host(parts.hostname):
        raise EndpointNotAllowed(
            f"The endpoint host {parts.hostname or '(none)'!r} is not an intacct.com host and is "
            "not on the INTACCT_ENDPOINT_ALLOWLIST setting."
        )
    return url.strip()
