"""Article extraction on the idle core: worker processes fed by the downloader.

Scrapy runs a crawl on one core; extraction (~3-4 ms a page) is the biggest
cost of the spider's callback.  This middleware (order 40: the last to see a
response) hands each article response's body to a worker process
(``PORTAL_ARCHIVE_EXTRACT_WORKERS``, default: cores - 1; 0 turns it off) and
puts the result in ``response.meta["extracted"]``, which
``PortalSpider.parse_article`` uses instead of extracting again.  While a page
is in a worker the reactor keeps downloading.

The response leaves the downloader at once: its callback is wrapped so that it
first waits for the worker's answer.  Waiting inside the downloader would hold
one of the ``CONCURRENT_REQUESTS`` slots per page in the worker's queue, and
the crawl would keep about half as many transfers in flight.

The worker runs the very same ``extract_article(body, url, headers)`` call as
the spider would.  An extractor exception comes back as
``meta["extract_failed"] = ("parse-failed", detail)``, which the spider
records as it would its own.  A worker that died on its own fails the page it
was on (the spider then extracts it in-process) and is replaced at the next
page; the pages queued behind it go to the replacement.

Each page has a budget (``PORTAL_ARCHIVE_EXTRACT_TIMEOUT`` seconds,
``PORTAL_ARCHIVE_EXTRACT_MEMORY_MB`` of address space beyond the worker's size
at start, set with ``RLIMIT_AS``).  A worker still on a page past the time
budget is killed; one that runs out of memory answers so and exits.  Either
way the page gets ``meta["extract_failed"] = ("too-complex", detail)`` and is
never extracted in the crawl's own process, the pages queued behind it go to
a fresh worker, and the crawl goes on meanwhile.

Each worker has two pipes whose ends the reactor reads and writes itself
(non-blocking, framed like ``multiprocessing.Connection``): no executor
threads, whose GIL hand-offs cost the reactor more than the work they did.
"""

from __future__ import annotations

import asyncio
import fcntl
import multiprocessing
import os
import pickle
import signal
import struct
from multiprocessing import resource_tracker

from scrapy import signals
from scrapy.exceptions import NotConfigured

from .outcomes import TooComplex

_SHARED: dict = {"pool": None, "users": 0}
_HEADER = struct.Struct("!i")  # multiprocessing.Connection's frame header (messages < 2 GiB)
#: Pipe capacity asked for.  With Linux's default 64 KB a page did not fit in the pipe whole: the
#: worker sat waiting for the reactor to write the rest, and the queue grew to 40 pages.
PIPE_BYTES = 1 << 20


def _widen(fd: int) -> None:
    try:
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:  # above /proc/sys/fs/pipe-max-size, or not Linux: the default still works
        pass


class WorkerDied(RuntimeError):
    """The worker process ended (or its pipe broke) before answering."""


class ExtractFailed(RuntimeError):
    """The extractor raised on the page (``str()``: ``"TypeError: ..."``); ``trace`` is its traceback."""

    def __init__(self, message: str, trace: str = ""):
        super().__init__(message)
        self.trace = trace


#: A worker's answers: ``(key, OK, extracted)``, ``(key, FAILED, (message, traceback))``,
#: ``(key, TOO_COMPLEX, message)`` (after which the worker exits)
OK, FAILED, TOO_COMPLEX = range(3)


def _address_space() -> tuple[int, int]:
    """This process's virtual size and its high-water mark, in bytes (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as status:
            fields = dict(line.split(":", 1) for line in status if line.startswith(("VmSize", "VmPeak")))
    except OSError:
        return 0, 0
    return tuple(int(fields.get(k, "0 kB").split()[0]) * 1024 for k in ("VmSize", "VmPeak"))


def _limit_memory(megabytes: float) -> int:
    """Cap this process's address space at its current size plus ``megabytes``; return the cap (0: none)."""
    import resource

    size, _ = _address_space()
    if megabytes <= 0 or not size:
        return 0
    limit = size + int(megabytes * 1024 * 1024)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    except (ValueError, OSError):  # a lower hard limit: leave it to that one
        return 0
    return limit


def _serve(jobs, results, memory_mb: float = 0) -> None:
    """A worker's loop: ``(key, body, url, headers)`` in, ``(key, status, value)`` out (see OK)."""
    import signal
    import traceback

    from ..extract import extract_article

    # Ctrl-C reaches the whole process group: the crawl shuts the worker down itself (the worker was
    # born with SIGINT blocked, see _Worker: a Ctrl-C while it started up stayed pending, now dropped)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    limit = _limit_memory(memory_mb)
    while True:
        try:
            key, body, url, headers = pickle.loads(jobs.recv_bytes())
        except (EOFError, OSError):  # the crawl closed its end, or died (a full disk exits at once)
            return
        except MemoryError:  # a page too big to even unpack: nothing to answer for, the crawl sees the exit
            return
        try:
            answer = (key, OK, extract_article(body, url, headers))
        except Exception as exc:
            # libxml2 reports a failed allocation as a parse error: the high-water mark tells them apart
            if isinstance(exc, MemoryError) or (limit and _address_space()[1] > limit - (16 << 20)):
                answer = (key, TOO_COMPLEX, f"extraction needs more than {memory_mb:g} MB")
            else:
                answer = (key, FAILED, (f"{type(exc).__name__}: {exc}", traceback.format_exc()))
        del body
        try:
            results.send_bytes(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
        except OSError:  # nobody left to answer: leave without a traceback on the crawl's stderr
            return
        if answer[1] == TOO_COMPLEX:  # what the page left behind (fragmented heap) would crowd the next page
            return


def frames(buffer: bytearray) -> list[bytes]:
    """Take the complete ``multiprocessing.Connection`` frames off the front of ``buffer``.

    >>> buf = bytearray(_HEADER.pack(2) + b"hi" + _HEADER.pack(3) + b"ab")
    >>> frames(buf), bytes(buf)
    ([b'hi'], b'\\x00\\x00\\x00\\x03ab')
    """
    out, start = [], 0
    while len(buffer) - start >= 4:
        (size,) = _HEADER.unpack_from(buffer, start)
        if len(buffer) - start - 4 < size:
            break
        out.append(bytes(buffer[start + 4: start + 4 + size]))
        start += 4 + size
    del buffer[:start]
    return out


class _Worker:
    """One worker process and the reactor's non-blocking ends of its two pipes.

    ``waiting`` holds the pages sent and not answered, in the order the worker takes them, with
    their payloads (to hand them to another worker if this one goes); the first one is the page
    being extracted, since ``head_since`` (monotonic).
    """

    def __init__(self, context, loop: asyncio.AbstractEventLoop, memory_mb: float = 0, orphans=None):
        self.loop = loop
        self.orphans = orphans or (lambda jobs: None)  # takes the pages left when the worker goes
        jobs_end, self.jobs = context.Pipe(duplex=False)
        self.results, results_end = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(jobs_end, results_end, memory_mb), daemon=True,
                                       name="portal-archive-extract")
        # a Ctrl-C during the worker's start-up (its imports) would end it with a traceback on the
        # terminal: it is started with SIGINT blocked, as multiprocessing starts its resource tracker
        # (here only this thread's mask changes: a Ctrl-C for the crawl still arrives).  The tracker
        # first: starting it unblocks the signals again.
        resource_tracker.ensure_running()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        jobs_end.close()
        results_end.close()
        self.jobs_fd, self.results_fd = self.jobs.fileno(), self.results.fileno()
        _widen(self.jobs_fd)
        _widen(self.results_fd)
        os.set_blocking(self.jobs_fd, False)
        os.set_blocking(self.results_fd, False)
        self.waiting: dict[int, tuple[asyncio.Future, bytes]] = {}
        self.head_since = 0.0
        self.retiring = False  # the worker said it leaves after its last answer
        self.inbox = bytearray()
        self.outbox: list[memoryview] = []
        self.alive = True
        loop.add_reader(self.results_fd, self._readable)

    def submit(self, key: int, payload: bytes, future: asyncio.Future) -> asyncio.Future:
        """Queue one page (``payload``: the pickled ``(key, body, url, headers)``)."""
        if not self.waiting:
            self.head_since = self.loop.time()
        self.waiting[key] = (future, payload)
        self.outbox += [memoryview(_HEADER.pack(len(payload))), memoryview(payload)]
        if len(self.outbox) == 2:  # nothing was queued: the pipe may take it now
            self._writable()
        return future

    def _writable(self) -> None:
        try:
            while self.outbox:
                sent = os.write(self.jobs_fd, self.outbox[0])
                if sent < len(self.outbox[0]):
                    self.outbox[0] = self.outbox[0][sent:]
                    break
                self.outbox.pop(0)
        except BlockingIOError:
            pass
        except OSError:  # the worker is gone
            self.close(WorkerDied("the extraction worker's pipe broke"))
            return
        if self.outbox:
            self.loop.add_writer(self.jobs_fd, self._writable)
        else:
            self.loop.remove_writer(self.jobs_fd)

    def _readable(self) -> None:
        try:
            data = os.read(self.results_fd, 1 << 20)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            if self.retiring:  # it left after a page over its memory budget: the rest go elsewhere
                self.close(orphan_head=True)
            else:
                self.close(WorkerDied(f"the extraction worker ended (exit code {self.process.exitcode})"))
            return
        self.inbox += data
        try:
            replies = [pickle.loads(frame) for frame in frames(self.inbox)]
        except Exception as exc:  # a garbled pipe: no later answer can be trusted either
            self.close(WorkerDied(f"unreadable answer from the extraction worker: {exc!r}"))
            return
        for key, status, value in replies:
            future, _ = self.waiting.pop(key, (None, None))
            self.head_since = self.loop.time()  # the worker takes the next page now
            if future is None or future.done():
                continue
            if status == OK:
                future.set_result(value)
            elif status == FAILED:
                future.set_exception(ExtractFailed(*value))
            else:
                self.retiring = True
                future.set_exception(TooComplex(value))

    def overran(self, seconds: float) -> bool:
        """Whether the page being extracted has taken more than ``seconds``."""
        return bool(self.waiting) and self.loop.time() - self.head_since > seconds

    def kill(self, why: BaseException) -> None:
        """End the worker now: the page it is on fails with ``why``, the pages queued behind it are orphaned."""
        self.process.kill()
        self.process.join(5)  # reaped at once: SIGKILL cannot be caught
        if self.waiting:
            future, _ = self.waiting.pop(next(iter(self.waiting)))
            _fail(future, why)
        self.close(orphan_head=True)

    def close(self, why: BaseException | None = None, orphan_head: bool = False) -> None:
        """Stop reading and writing; the worker exits at the end of its pipe.

        The page it was on fails with ``why`` (unless ``orphan_head``: it never started it); the
        pages queued behind it are handed to ``orphans`` (at shutdown, when there is no ``why``,
        everything fails)."""
        if not self.alive:
            return
        self.alive = False
        self.loop.remove_reader(self.results_fd)
        self.loop.remove_writer(self.jobs_fd)
        self.jobs.close()
        self.results.close()
        jobs = list(self.waiting.items())
        self.waiting.clear()
        if why is not None and not orphan_head and jobs:
            (_, (future, _)), jobs = jobs[0], jobs[1:]
            _fail(future, why)
        if why is None and not orphan_head:  # the pool is closing
            for _, (future, _) in jobs:
                _fail(future, WorkerDied("the extraction pool closed"))
        else:
            self.orphans(jobs)


def _fail(future: asyncio.Future, why: BaseException) -> None:
    if not future.done():
        future.set_exception(why)
        future.exception()  # a response dropped at shutdown never awaits it: nothing to report


class _Pool:
    """``size`` workers; a page over ``timeout`` seconds or ``memory_mb`` ends ``TooComplex`` (0: no budget)."""

    def __init__(self, size: int, timeout: float = 0, memory_mb: float = 0):
        self.size = size
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.context = multiprocessing.get_context("spawn")
        self.loop = asyncio.get_event_loop()
        self.workers = [self._worker() for _ in range(size)]
        self.keys = 0
        self.watch = self.loop.call_later(self._tick, self._watch) if timeout > 0 else None

    @property
    def _tick(self) -> float:
        return min(1.0, self.timeout / 4)

    def _worker(self) -> _Worker:
        return _Worker(self.context, self.loop, self.memory_mb, orphans=self._adopt)

    def _live(self) -> list[_Worker]:
        self.workers = [w if w.alive else self._worker() for w in self.workers]
        return self.workers

    def extract(self, body: bytes, url: str, headers: dict) -> asyncio.Future:
        self.keys += 1
        payload = pickle.dumps((self.keys, body, url, headers), pickle.HIGHEST_PROTOCOL)
        return self._submit(self.keys, payload, self.loop.create_future())

    def _submit(self, key: int, payload: bytes, future: asyncio.Future) -> asyncio.Future:
        return min(self._live(), key=lambda w: len(w.waiting)).submit(key, payload, future)

    def _adopt(self, jobs: list) -> None:
        """Pages a worker left unstarted: to the other (or a fresh) worker, in their order."""
        for key, (future, payload) in jobs:
            if not future.done():
                self._submit(key, payload, future)

    def _watch(self) -> None:
        for worker in list(self.workers):
            if worker.alive and worker.overran(self.timeout):
                worker.kill(TooComplex(f"extraction took more than {self.timeout:g} s"))
        self.watch = self.loop.call_later(self._tick, self._watch)

    def close(self) -> None:
        if self.watch is not None:
            self.watch.cancel()
            self.watch = None
        for worker in self.workers:
            worker.close()


class ExtractionPoolMiddleware:
    def __init__(self, crawler, workers: int):
        self.crawler = crawler
        self.workers = workers
        self.timeout = crawler.settings.getfloat("PORTAL_ARCHIVE_EXTRACT_TIMEOUT")
        self.memory_mb = crawler.settings.getfloat("PORTAL_ARCHIVE_EXTRACT_MEMORY_MB")
        self.pool: _Pool | None = None
        crawler.signals.connect(self.open, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        workers = crawler.settings.get("PORTAL_ARCHIVE_EXTRACT_WORKERS")
        # at least one even on one core: only a worker can be stopped when a page overruns its budget
        workers = max(1, (os.cpu_count() or 1) - 1) if workers in (None, "", "auto") else int(workers)
        if workers <= 0:
            raise NotConfigured
        return cls(crawler, workers)

    def open(self, spider=None):
        # one pool per process, shared by every crawler in it: `portal-archive crawl` runs all
        # portals in one process, and a pool each would spawn dozens of workers at once
        if _SHARED["pool"] is None:
            _SHARED["pool"] = _Pool(self.workers, self.timeout, self.memory_mb)
        _SHARED["users"] += 1
        self.pool = _SHARED["pool"]

    def close(self, spider=None):
        if self.pool is None:
            return
        self.pool = None
        _SHARED["users"] -= 1
        if _SHARED["users"] <= 0 and _SHARED["pool"] is not None:
            _SHARED["pool"].close()
            _SHARED["pool"], _SHARED["users"] = None, 0

    def process_response(self, request, response, spider=None):
        if (self.pool is None or response.status != 200 or not response.body
                or getattr(request.callback, "__name__", None) != "parse_article"):
            return response
        headers = {"Content-Type": response.headers.get("Content-Type", b"").decode("latin-1")}
        request.callback = self._after(self.pool.extract(response.body, response.url, headers), request.callback)
        return response

    def _after(self, future: asyncio.Future, callback):
        """``callback``, run once the worker has answered (or failed: then the spider extracts itself)."""
        stats = self.crawler.stats

        async def parse_article(response, **kwargs):
            try:
                response.meta["extracted"] = await future
                stats.inc_value("portal_archive/extract_pool/pages")
            except TooComplex as exc:  # never extracted in the crawl's process: it would stall the crawl
                response.meta["extract_failed"] = (exc.outcome, str(exc))
                stats.inc_value("portal_archive/extract_pool/too_complex")
            except ExtractFailed as exc:
                response.meta["extract_failed"] = ("parse-failed", str(exc))
                self.crawler.spider.logger.error("extraction failed on %s:\n%s", response.url, exc.trace)
            except Exception:  # the worker died on it: the spider extracts in-process
                stats.inc_value("portal_archive/extract_pool/fallbacks")
            for output in callback(response, **kwargs) or ():
                yield output

        return parse_article
