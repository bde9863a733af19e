"""The frontier's Redis keys, and the Lua scripts that change several of them at once.

Keys (``P`` is ``PORTAL_ARCHIVE_FRONTIER_PREFIX``, default ``portal-archive``):

======================  ======  ================================================================
``P:run``               hash    the cluster run: ``id`` (its row in the writer's ``runs``), ``portals``,
                                ``state`` (``crawling``, then ``done``), ``writer``, ``started``
``P:q:<portal>``        zset    ids of waiting requests, by priority, then first in first out
``P:req``               hash    request id -> the request (``Request.to_dict``, pickled as scrapy-redis does)
``P:taken:<node>``      hash    request id -> ``<portal> <score>``: what a node has taken and not finished
``P:alive:<node>``      string  the node's lease (``PX``), renewed by its heartbeat
``P:nodes``             hash    node -> what it serves (JSON)
``P:seen:<run>``        set     fingerprints of the run's requests (the duplicate filter; expires)
``P:known:<run>``       set     digests of the canonical URLs the archive already holds
``P:images:<run>``      set     digests of the photo URLs the archive already holds
``P:due:<run>``         hash    digest -> validators of known articles due for a revisit
``P:deep:<run>``        set     portals whose last crawl stopped early (walk every listing page)
``P:host:<host>``       hash    shared politeness: ``next`` send, ``pause`` end (ms), ``delay`` (ms)
``P:inflight:<host>``   zset    holds on a host's requests in flight, scored by when they lapse
``P:results``           stream  what the nodes send the writer (consumer group ``writer``)
======================  ======  ================================================================

A request is never only in a node's memory: popping moves its id from the queue to the
node's ``taken`` hash in one script, and it leaves ``taken`` in the same transaction that
sends its results (:mod:`.results`).  A node whose lease lapses (``kill -9``, a lost
machine) has its taken requests put back in their queues by :meth:`Frontier.reap`, which
every node and the writer run.  The scripts read keys they compute, so the frontier needs
one Redis server (or a primary with replicas), not a Redis Cluster.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import socket
import sys
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from ..exits import Exit

DEFAULT_PREFIX = "portal-archive"
#: Fingerprints and seed data of a run outlive it by this long at most (a run that never ended).
RUN_KEYS_TTL = 7 * 86400
#: Seconds a node or the writer keeps retrying a Redis that went away (a restart, a failover).
RECONNECT_SECONDS = 60


def redact(url: str) -> str:
    """``url`` without its password, for messages.

    >>> redact("redis://:s3cret@10.0.0.5:6379/0")
    'redis://:***@10.0.0.5:6379/0'
    >>> redact("rediss://crawler:s3cret@redis.example.org/1")
    'rediss://crawler:***@redis.example.org/1'
    >>> redact("redis://127.0.0.1:6379")
    'redis://127.0.0.1:6379'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))


def connect(url: str, *, patient: bool = True, asynchronous: bool = False):
    """A client for ``url`` (``redis://``, ``rediss://`` for TLS, ``unix://``; a password in the URL).

    ``patient``: retry for up to :data:`RECONNECT_SECONDS` when the server goes away, so that a
    Redis restart stalls the crawl instead of ending it; otherwise fail at the first refusal
    (the check a node makes before it starts).  ``asynchronous``: a ``redis.asyncio`` client.
    """
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"the frontier must be a redis://, rediss:// or unix:// URL, not {url!r}")
    retries = 70 if patient else 0  # 70 waits of at most 1 s: about RECONNECT_SECONDS
    errors = [redis.ConnectionError, redis.TimeoutError]
    options = {"socket_connect_timeout": 5, "socket_timeout": 30, "health_check_interval": 15}
    if asynchronous:
        from redis.asyncio import Redis as AsyncRedis
        from redis.asyncio.retry import Retry as AsyncRetry

        return AsyncRedis.from_url(url, retry=AsyncRetry(ExponentialBackoff(cap=1.0, base=0.05), retries),
                                   retry_on_error=errors, **options)
    return redis.Redis.from_url(url, retry=Retry(ExponentialBackoff(cap=1.0, base=0.05), retries),
                                retry_on_error=errors, **options)


def guarded(method):
    """A :class:`Frontier` method that, on a node (``stop_on_loss``), ends the node in one line when
    Redis is still unreachable after the client's retries: going on would record requests as failed
    and release them, and a node that stops loses nothing (what it took goes to another node)."""
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def guarded_async(self, *args, **kwargs):
            try:
                return await method(self, *args, **kwargs)
            except redis.RedisError as exc:
                if not self.stop_on_loss:
                    raise
                self.lost(exc)

        return guarded_async

    @functools.wraps(method)
    def guarded_call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except redis.RedisError as exc:
            if not self.stop_on_loss:
                raise
            self.lost(exc)

    return guarded_call


def url_digest(canonical: str) -> bytes:
    """How the frontier stores a canonical URL it only needs to test for (10 bytes, not ~80).

    >>> url_digest("https://english.guiyang.gov.cn/2024-01/31/c_1000101.htm").hex()
    '85fa19c7a26d083d34a4'
    """
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=10).digest()


def node_name() -> str:
    """This process's name among the nodes: ``<host>-<pid>``."""
    return f"{socket.gethostname()}-{os.getpid()}"


# KEYS: queue, requests, seen, seq, taken.  ARGV: id, data, priority, fingerprint ('' = none),
# seen TTL, taken ('1': the request replaces the caller's lease on the same id).
# Returns 1 when queued, 0 when the fingerprint was already seen (a replaced lease is freed).
_PUSH = """
local replaces = ARGV[6] == '1'
if ARGV[4] ~= '' then
  local added = redis.call('SADD', KEYS[3], ARGV[4])
  redis.call('EXPIRE', KEYS[3], ARGV[5])
  if added == 0 then
    if replaces then
      redis.call('HDEL', KEYS[5], ARGV[1])
      redis.call('HDEL', KEYS[2], ARGV[1])
    end
    return 0
  end
end
local seq = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[1], -tonumber(ARGV[3]) * 1e12 + seq, ARGV[1])
if replaces then redis.call('HDEL', KEYS[5], ARGV[1]) end
return 1
"""

# KEYS: queue, requests, taken, alive.  ARGV: portal, count.
# Returns {id, data, id, data...} (empty when the queue is), or -1 when the caller's lease has lapsed.
_POP = """
if redis.call('EXISTS', KEYS[4]) == 0 then return -1 end
local out = {}
local top = redis.call('ZPOPMIN', KEYS[1], ARGV[2])
for i = 1, #top, 2 do
  local data = redis.call('HGET', KEYS[2], top[i])
  if data then
    redis.call('HSET', KEYS[3], top[i], ARGV[1] .. ' ' .. top[i + 1])
    table.insert(out, top[i])
    table.insert(out, data)
  end
end
return out
"""

# KEYS: nodes.  ARGV: prefix.  Puts back the taken requests of every node whose lease lapsed.
_REAP = """
local moved = 0
for _, node in ipairs(redis.call('HKEYS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. ':alive:' .. node) == 0 then
    local taken = redis.call('HGETALL', ARGV[1] .. ':taken:' .. node)
    for i = 1, #taken, 2 do
      local portal, score = string.match(taken[i + 1], '^(%S+) (%S+)$')
      redis.call('ZADD', ARGV[1] .. ':q:' .. portal, score, taken[i])
      moved = moved + 1
    end
    redis.call('DEL', ARGV[1] .. ':taken:' .. node)
    redis.call('HDEL', KEYS[1], node)
  end
end
return moved
"""

# KEYS: nodes.  ARGV: prefix, portals...  Requests waiting or taken for those portals.
_OUTSTANDING = """
local n = 0
for i = 2, #ARGV do n = n + redis.call('ZCARD', ARGV[1] .. ':q:' .. ARGV[i]) end
for _, node in ipairs(redis.call('HKEYS', KEYS[1])) do
  n = n + redis.call('HLEN', ARGV[1] .. ':taken:' .. node)
end
return n
"""

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)"

# KEYS: host, inflight.  ARGV: token, limit, delay ms, hold ms.
# Returns 0 (granted: the request may go), ms to wait (a delay or a pause), or -1 (the host is at its limit).
_ACQUIRE = _NOW + """
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local h = redis.call('HMGET', KEYS[1], 'next', 'pause', 'delay')
local wait = math.max(tonumber(h[1] or 0), tonumber(h[2] or 0)) - now
if wait > 0 then return wait end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
redis.call('HSET', KEYS[1], 'next', now + math.max(tonumber(ARGV[3]), tonumber(h[3] or 0)))
redis.call('PEXPIRE', KEYS[1], 86400000)
redis.call('PEXPIRE', KEYS[2], 86400000)
return 0
"""

# KEYS: host.  ARGV: field ('pause': ms from now; 'delay': a gap in ms), value.  Never shortens.
_STRETCH = _NOW + """
local value = tonumber(ARGV[2])
if ARGV[1] == 'pause' then value = now + value end
if value > tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or 0) then redis.call('HSET', KEYS[1], ARGV[1], value) end
redis.call('PEXPIRE', KEYS[1], 86400000)
return value
"""


class Frontier:
    """The cluster's shared state in one Redis database (see the module docstring for the keys)."""

    def __init__(self, client: redis.Redis, prefix: str = DEFAULT_PREFIX, url: str = ""):
        self.redis = client
        self.prefix = prefix
        self.url = url
        #: a node stops when Redis stays away (:func:`guarded`); the writer says so and exits itself
        self.stop_on_loss = False
        self._sender = None
        self._async_acquire = None
        self._push = client.register_script(_PUSH)
        self._pop = client.register_script(_POP)
        self._reap = client.register_script(_REAP)
        self._outstanding = client.register_script(_OUTSTANDING)
        self._stretch = client.register_script(_STRETCH)

    @classmethod
    def from_url(cls, url: str, prefix: str = DEFAULT_PREFIX, *, patient: bool = True) -> "Frontier":
        return cls(connect(url, patient=patient), prefix or DEFAULT_PREFIX, url)

    def key(self, *parts) -> str:
        return ":".join([self.prefix, *map(str, parts)])

    # --- the run ------------------------------------------------------------------------------

    @guarded
    def run(self) -> dict[str, str]:
        """The current cluster run (empty when no writer ever started one)."""
        return {k.decode(): v.decode() for k, v in self.redis.hgetall(self.key("run")).items()}

    # --- nodes --------------------------------------------------------------------------------

    @guarded
    def heartbeat(self, node: str, lease_ms: int, info: dict | None = None) -> None:
        """Renew ``node``'s lease (registering it first if ``info`` is given or it was reaped)."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.set(self.key("alive", node), b"1", px=lease_ms)
        if info is not None:
            pipe.hset(self.key("nodes"), node, json.dumps(info))
        else:
            pipe.hsetnx(self.key("nodes"), node, b"{}")
        pipe.execute()

    def leave(self, node: str) -> None:
        """A node that finished: nothing of it is left to reap."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(self.key("alive", node))
        pipe.hdel(self.key("nodes"), node)
        pipe.execute()

    @guarded
    def reap(self) -> int:
        """Put back the taken requests of nodes whose lease lapsed; return how many."""
        return int(self._reap(keys=[self.key("nodes")], args=[self.prefix]))

    @guarded
    def outstanding(self, portals) -> int:
        """Requests of ``portals`` waiting in the frontier or taken by a node."""
        return int(self._outstanding(keys=[self.key("nodes")], args=[self.prefix, *portals]))

    # --- requests -----------------------------------------------------------------------------

    @guarded
    def push(self, portal: str, request_id: str, data: bytes, priority: int, fingerprint: bytes | None,
             run_id: str, *, taken_by: str | None = None) -> bool:
        """Queue a request; False when its fingerprint was already seen in the run.  ``taken_by``:
        the request stands in for the one that node took under the same id (a retry, a redirect)."""
        keys = [self.key("q", portal), self.key("req"), self.key("seen", run_id), self.key("seq"),
                self.key("taken", taken_by or "-")]
        args = [request_id, data, int(priority), fingerprint or b"", RUN_KEYS_TTL, "1" if taken_by else "0"]
        return bool(self._push(keys=keys, args=args))

    @guarded
    def pop(self, portal: str, node: str, count: int = 1) -> list[tuple[str, bytes]] | bool:
        """Take the next ``count`` requests of ``portal`` at most: ``[(id, data)...]``, or False when
        ``node``'s lease had lapsed (renew it first: its earlier requests may be back in the queue)."""
        keys = [self.key("q", portal), self.key("req"), self.key("taken", node), self.key("alive", node)]
        got = self._pop(keys=keys, args=[portal, count])
        if got == -1:
            return False
        return [(got[i].decode(), got[i + 1]) for i in range(0, len(got), 2)]

    @guarded
    def queued(self, portal: str) -> int:
        return int(self.redis.zcard(self.key("q", portal)))

    # --- shared politeness --------------------------------------------------------------------

    @guarded
    async def acquire_host(self, host: str, token: str, limit: int, delay_ms: int, hold_ms: int) -> int:
        """0 when a request to ``host`` may go now, else ms to wait (-1: the host is at its limit).
        On an asyncio client: the crawl goes on while Redis answers."""
        if self._async_acquire is None:
            self._async_acquire = connect(self.url, asynchronous=True).register_script(_ACQUIRE)
        return int(await self._async_acquire(keys=[self.key("host", host), self.key("inflight", host)],
                                             args=[token, max(1, limit), max(0, delay_ms), hold_ms]))

    @guarded
    def release_host(self, host: str, token: str) -> None:
        self.redis.zrem(self.key("inflight", host), token)

    @guarded
    def pause_host(self, host: str, ms: int) -> None:
        """Nothing is sent to ``host`` by any node for ``ms`` (a Retry-After, a back-off)."""
        self._stretch(keys=[self.key("host", host)], args=["pause", int(ms)])

    @guarded
    def min_delay(self, host: str, ms: int) -> None:
        """At least ``ms`` between two requests to ``host`` from the whole cluster (Crawl-delay)."""
        self._stretch(keys=[self.key("host", host)], args=["delay", int(ms)])

    # --- writes off the crawl's thread --------------------------------------------------------

    def later(self, fn, *args, size: int = 0, **kwargs) -> None:
        """Run ``fn(*args)`` on the frontier's sending thread, after everything handed to it before.

        A node's writes (raw pages, queued requests, results and the release of the request they
        came from) leave in the order they were made, without the crawl waiting for Redis's
        answers; ``size`` (the bytes held) bounds what may wait (:class:`portal_spider.recorder.Writer`).
        """
        if self._sender is None:
            from ..recorder import Writer

            self._sender = Writer(redact(self.url))
        self._sender.submit(self._or_stop, size, functools.partial(fn, *args, **kwargs))

    def drain(self) -> None:
        """Wait until everything handed to :meth:`later` is sent."""
        if self._sender is not None:
            sender, self._sender = self._sender, None
            sender.close()

    def _or_stop(self, send) -> None:
        try:
            send()
        except redis.RedisError as exc:  # a write lost would be a request or a result lost
            self.lost(exc)

    def lost(self, exc: Exception):
        """Fail-stop: one line, then exit with ``Exit.FRONTIER_UNREACHABLE`` at once."""
        print(f"error: lost the frontier at {redact(self.url)} ({exc}); this node stops (what it took goes to "
              "another node)", file=sys.stderr, flush=True)
        os._exit(Exit.FRONTIER_UNREACHABLE)

    # --- what a node reads -------------------------------------------------------------------

    @guarded
    def backlog(self) -> int:
        """Results waiting for the writer."""
        return int(self.redis.xlen(self.key("results")))

    @guarded
    def known(self, run_id: str, digests: list[bytes], kind: str = "known") -> list[bool]:
        """Which of ``digests`` are in the run's ``known`` (canonical URLs) or ``images`` (photo URLs) set."""
        return [bool(flag) for flag in self.redis.smismember(self.key(kind, run_id), digests)]

    @guarded
    def due(self, run_id: str, digests: list[bytes]) -> list[bytes | None]:
        return self.redis.hmget(self.key("due", run_id), digests)

    @guarded
    def deep(self, run_id: str, portal: str) -> bool:
        return bool(self.redis.sismember(self.key("deep", run_id), portal))
