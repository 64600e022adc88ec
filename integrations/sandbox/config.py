"""Run-time configuration of the sandbox and its fault plan."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FAULT_NAMES = (
    "http500",
    "http502",
    "http503",
    "http524_after_commit",
    "lost_ack",
    "timeout",
    "malformed",
    "ratelimit",
    "session_expiry",
)
UNIQUEID_MODES = ("replay", "refuse")

SENDER_ID = "demo_sender"
SENDER_PASSWORD = "demo_sender_pw"  # noqa: S105 - the published demo credential
COMPANY_ID = "DEMO-CO"
USER_ID = "ws_user"
USER_PASSWORD = "ws_user_pw"  # noqa: S105 - the published demo credential
# A second web-services user without write permissions (for permission failures).
READONLY_USER_ID = "ws_readonly"
READONLY_USER_PASSWORD = "ws_readonly_pw"  # noqa: S105 - the published demo credential
# A third user who reads everything but may write none of ``SandboxConfig.read_only_objects``
# (chosen per test through the control endpoint: write permissions object by object).
LIMITED_USER_ID = "ws_limited"
LIMITED_USER_PASSWORD = "ws_limited_pw"  # noqa: S105 - the published demo credential
USERS = {
    USER_ID: USER_PASSWORD,
    READONLY_USER_ID: READONLY_USER_PASSWORD,
    LIMITED_USER_ID: LIMITED_USER_PASSWORD,
}


class ConfigError(ValueError):
    """A configuration or fault specification is invalid."""


@dataclass
class FaultRule:
    """Inject ``name`` with ``probability``; ``count`` limits how many times (None = forever).

    ``function`` restricts the rule to requests containing a function of that name
    (e.g. ``create`` or ``create_invoice``), ``writes_only`` to requests with a write.
    """

    name: str
    probability: float = 1.0
    count: int | None = None
    function: str | None = None
    writes_only: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON form for the status endpoint."""
        return {
            "probability": self.probability,
            "count": self.count,
            "function": self.function,
            "writes_only": self.writes_only,
        }


def _rule(name: str, spec: Any) -> FaultRule:
    if name not in FAULT_NAMES:
        raise ConfigError(f"unknown fault '{name}' (known: {', '.join(FAULT_NAMES)})")
    if isinstance(spec, int | float) and not isinstance(spec, bool):
        rule = FaultRule(name, float(spec))
    elif isinstance(spec, dict):
        unknown = set(spec) - {"probability", "count", "function", "writes_only"}
        if unknown:
            raise ConfigError(f"fault '{name}': unknown keys {sorted(unknown)}")
        count = spec.get("count")
        rule = FaultRule(
            name,
            float(spec.get("probability", 1.0)),
            int(count) if count is not None else None,
            str(spec["function"]) if spec.get("function") else None,
            bool(spec.get("writes_only", False)),
        )
    else:
        raise ConfigError(f"fault '{name}': expected a probability or an object")
    if not 0.0 <= rule.probability <= 1.0:
        raise ConfigError(f"fault '{name}': probability must be between 0 and 1")
    if rule.count is not None and rule.count < 1:
        raise ConfigError(f"fault '{name}': count must be at least 1")
    return rule


def parse_fault_spec(spec: str) -> dict[str, FaultRule]:
    """Parse ``name=probability,name=probability`` (the ``--faults`` syntax)."""
    rules: dict[str, FaultRule] = {}
    for part in (piece.strip() for piece in spec.split(",")):
        if not part:
            continue
        name, sep, probability = part.partition("=")
        if not sep:
            raise ConfigError(f"fault '{part}': expected name=probability")
        try:
            value = float(probability)
        except ValueError as exc:
            raise ConfigError(f"fault '{name}': '{probability}' is not a number") from exc
        rules[name.strip()] = _rule(name.strip(), value)
    return rules


def parse_fault_json(payload: Any) -> dict[str, FaultRule]:
    """Parse the control endpoint body: ``{"spec": "..."}`` or ``{"http503": {...}, ...}``."""
    if not isinstance(payload, dict):
        raise ConfigError("faults must be a JSON object")
    if "spec" in payload:
        if len(payload) != 1 or not isinstance(payload["spec"], str):
            raise ConfigError("'spec' must be the only key and a string")
        return parse_fault_spec(payload["spec"])
    return {name: _rule(name, spec) for name, spec in payload.items()}


def _object_names(value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ConfigError("read_only_objects must be a list of object names")
    return tuple(str(name).strip().upper() for name in value if str(name).strip())


@dataclass
class SandboxConfig:
    """Mutable settings, changed at run time through the control endpoint."""

    # The company this sandbox is (sandboxes of several companies can serve one hub).
    company_id: str = COMPANY_ID
    latency_ms: int = 0
    max_concurrency: int = 0  # 0 = unlimited
    max_requests_per_second: float = 0  # 0 = unlimited
    retry_after_seconds: int = 1  # Retry-After of every 429 GW-0010
    session_timeout_minutes: int = 480
    uniqueid_mode: str = "replay"
    timeout_hold_seconds: float = 30.0
    # Objects the limited web-services user may read but not write.
    read_only_objects: tuple[str, ...] = ("ARPYMT",)
    faults: dict[str, FaultRule] = field(default_factory=dict)
    fault_seed: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _random: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        self.read_only_objects = _object_names(self.read_only_objects)
        self.validate()
        if self.fault_seed is not None:
            self._random.seed(self.fault_seed)

    def validate(self) -> None:
        """Reject impossible settings with a clear message."""
        if not self.company_id or "|" in self.company_id:
            raise ConfigError("company_id must be a non-empty company ID without '|'")
        if self.latency_ms < 0:
            raise ConfigError("latency_ms must be >= 0")
        if self.max_concurrency < 0:
            raise ConfigError("max_concurrency must be >= 0")
        if self.max_requests_per_second < 0:
            raise ConfigError("max_requests_per_second must be >= 0")
        if self.retry_after_seconds < 0:
            raise ConfigError("retry_after_seconds must be >= 0")
        if self.session_timeout_minutes < 1:
            raise ConfigError("session_timeout_minutes must be >= 1")
        if self.uniqueid_mode not in UNIQUEID_MODES:
            raise ConfigError(f"uniqueid_mode must be one of {UNIQUEID_MODES}")
        if self.timeout_hold_seconds < 0:
            raise ConfigError("timeout_hold_seconds must be >= 0")

    def update(self, changes: dict[str, Any]) -> None:
        """Apply settings from the control endpoint (validated as a whole)."""
        allowed: dict[str, Callable[[Any], Any]] = {
            "latency_ms": int,
            "max_concurrency": int,
            "max_requests_per_second": float,
            "retry_after_seconds": int,
            "session_timeout_minutes": int,
            "uniqueid_mode": str,
            "timeout_hold_seconds": float,
            "read_only_objects": _object_names,
        }
        unknown = set(changes) - set(allowed)
        if unknown:
            raise ConfigError(f"unknown settings {sorted(unknown)}")
        with self._lock:
            before = {name: getattr(self, name) for name in allowed}
            try:
                for name, value in changes.items():
                    setattr(self, name, allowed[name](value))
                self.validate()
            except (TypeError, ValueError) as exc:
                for name, value in before.items():
                    setattr(self, name, value)
                raise ConfigError(str(exc)) from exc

    def set_faults(self, rules: dict[str, FaultRule]) -> None:
        """Replace the fault plan."""
        with self._lock:
            self.faults = dict(rules)

    def draw_faults(self, functions: list[str], has_write: bool) -> set[str]:
        """Decide which faults fire for a request with these function names (consumes counts)."""
        fired: set[str] = set()
        with self._lock:
            for name, rule in list(self.faults.items()):
                if rule.function and rule.function not in functions:
                    continue
                if rule.writes_only and not has_write:
                    continue
                if rule.probability < 1.0 and self._random.random() >= rule.probability:
                    continue
                fired.add(name)
                if rule.count is not None:
                    rule.count -= 1
                    if rule.count == 0:
                        del self.faults[name]
        return fired

    def snapshot(self) -> dict[str, Any]:
        """JSON form for the status endpoint."""
        with self._lock:
            return {
                "latency_ms": self.latency_ms,
                "max_concurrency": self.max_concurrency,
                "max_requests_per_second": self.max_requests_per_second,
                "retry_after_seconds": self.retry_after_seconds,
                "session_timeout_minutes": self.session_timeout_minutes,
                "uniqueid_mode": self.uniqueid_mode,
                "timeout_hold_seconds": self.timeout_hold_seconds,
                "read_only_objects": list(self.read_only_objects),
                "faults": {name: rule.as_dict() for name, rule in self.faults.items()},
            }
