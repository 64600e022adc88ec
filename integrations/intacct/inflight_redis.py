"""Shared in-flight slots in Redis: one sorted set per company, lease ids scored by expiry.

Taking a slot is one Lua script (atomic on the server): drop expired leases, and add ours if
fewer than ``limit`` remain. Expiry uses the Redis server's clock, so the workers' clocks do
not have to agree. The key itself expires with its last lease, so idle companies leave nothing.
"""

from __future__ import annotations

from typing import Any

import redis

from .errors import SlotStoreError

_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1
"""

_RENEW = """
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 0
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[1], last[2])
return 1
"""

KEY_PREFIX = "intacct:in-flight:"


class RedisSlots:
    """:class:`~.inflight.SharedSlots` on a Redis server (``redis://host:port/db``)."""

    def __init__(self, url: str, *, prefix: str = KEY_PREFIX, socket_timeout: float = 5.0) -> None:
        self._redis: Any = redis.Redis.from_url(
            url, socket_timeout=socket_timeout, socket_connect_timeout=socket_timeout
        )
        self._acquire: Any = self._redis.register_script(_ACQUIRE)
        self._renew: Any = self._redis.register_script(_RENEW)
        self._prefix = prefix

    def try_acquire(self, company: str, limit: int, lease_id: str, lease_seconds: float) -> bool:
        """Take a slot if fewer than ``limit`` unexpired leases exist."""
        try:
            taken = self._acquire(
                keys=[self._prefix + company],
                args=[limit, lease_id, max(1, int(lease_seconds * 1000))],
            )
        except redis.RedisError as exc:
            raise SlotStoreError(f"Redis refused a shared request slot: {exc}") from exc
        return bool(taken)

    def renew(self, company: str, lease_id: str, lease_seconds: float) -> bool:
        """Extend our lease if it is still held."""
        try:
            renewed = self._renew(
                keys=[self._prefix + company], args=[lease_id, max(1, int(lease_seconds * 1000))]
            )
        except redis.RedisError as exc:
            raise SlotStoreError(f"Redis did not renew a shared request slot: {exc}") from exc
        return bool(renewed)

    def release(self, company: str, lease_id: str) -> None:
        """Remove our lease."""
        try:
            self._redis.zrem(self._prefix + company, lease_id)
        except redis.RedisError as exc:
            raise SlotStoreError(f"Redis did not release a shared request slot: {exc}") from exc

    def holders(self, company: str) -> int:
        """Leases held now, expired ones included until the next acquire (for tests/tools)."""
        try:
            return int(self._redis.zcard(self._prefix + company))
        except redis.RedisError as exc:
            raise SlotStoreError(f"Redis could not count shared request slots: {exc}") from exc

    def close(self) -> None:
        """Close the connection pool."""
        self._redis.close()
