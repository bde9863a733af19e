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
the spider would; when it fails for any reason (an extractor exception, a dead
worker) nothing is put in ``meta`` and the spider extracts in-process as before,
so errors and outcomes are unchanged.  A worker that died is replaced at the
next page.

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


def _serve(jobs, results) -> None:
    """A worker's loop: ``(key, body, url, headers)`` in, ``(key, extracted or None)`` out."""
    import signal

    from ..extract import extract_article

    # Ctrl-C reaches the whole process group: the crawl shuts the worker down itself (the worker was
    # born with SIGINT blocked, see _Worker: a Ctrl-C while it started up stayed pending, now dropped)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    while True:
        try:
            key, body, url, headers = pickle.loads(jobs.recv_bytes())
        except (EOFError, OSError):  # the crawl closed its end, or died (a full disk exits at once)
            return
        try:
            reply = pickle.dumps((key, extract_article(body, url, headers)), pickle.HIGHEST_PROTOCOL)
        except Exception:  # the spider extracts in-process and records what went wrong
            reply = pickle.dumps((key, None), pickle.HIGHEST_PROTOCOL)
        try:
            results.send_bytes(reply)
        except OSError:  # nobody left to answer: leave without a traceback on the crawl's stderr
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
    """One worker process and the reactor's non-blocking ends of its two pipes."""

    def __init__(self, context, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        jobs_end, self.jobs = context.Pipe(duplex=False)
        self.results, results_end = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(jobs_end, results_end), daemon=True,
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
        self.waiting: dict[int, asyncio.Future] = {}
        self.inbox = bytearray()
        self.outbox: list[memoryview] = []
        self.alive = True
        loop.add_reader(self.results_fd, self._readable)

    def submit(self, key: int, body: bytes, url: str, headers: dict) -> asyncio.Future:
        future = self.loop.create_future()
        self.waiting[key] = future
        payload = pickle.dumps((key, body, url, headers), pickle.HIGHEST_PROTOCOL)
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
            self.close(WorkerDied(f"the extraction worker ended (exit code {self.process.exitcode})"))
            return
        self.inbox += data
        try:
            replies = [pickle.loads(frame) for frame in frames(self.inbox)]
        except Exception as exc:  # a garbled pipe: no later answer can be trusted either
            self.close(WorkerDied(f"unreadable answer from the extraction worker: {exc!r}"))
            return
        for key, extracted in replies:
            future = self.waiting.pop(key, None)
            if future is not None and not future.done():
                future.set_result(extracted)

    def close(self, why: BaseException | None = None) -> None:
        """Stop reading and writing; the worker exits at the end of its pipe."""
        if not self.alive:
            return
        self.alive = False
        self.loop.remove_reader(self.results_fd)
        self.loop.remove_writer(self.jobs_fd)
        self.jobs.close()
        self.results.close()
        for future in self.waiting.values():
            if not future.done():
                future.set_exception(why or WorkerDied("the extraction pool closed"))
                future.exception()  # a response dropped at shutdown never awaits it: nothing to report
        self.waiting.clear()


class _Pool:
    def __init__(self, size: int):
        self.size = size
        self.context = multiprocessing.get_context("spawn")
        self.loop = asyncio.get_event_loop()
        self.workers = [_Worker(self.context, self.loop) for _ in range(size)]
        self.keys = 0

    def extract(self, body: bytes, url: str, headers: dict) -> asyncio.Future:
        self.workers = [w if w.alive else _Worker(self.context, self.loop) for w in self.workers]
        self.keys += 1
        return min(self.workers, key=lambda w: len(w.waiting)).submit(self.keys, body, url, headers)

    def close(self) -> None:
        for worker in self.workers:
            worker.close()


class ExtractionPoolMiddleware:
    def __init__(self, crawler, workers: int):
        self.crawler = crawler
        self.workers = workers
        self.pool: _Pool | None = None
        crawler.signals.connect(self.open, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        workers = crawler.settings.get("PORTAL_ARCHIVE_EXTRACT_WORKERS")
        workers = max(0, (os.cpu_count() or 1) - 1) if workers in (None, "", "auto") else int(workers)
        if workers <= 0:
            raise NotConfigured
        return cls(crawler, workers)

    def open(self, spider=None):
        # one pool per process, shared by every crawler in it: `portal-archive crawl` runs all
        # portals in one process, and a pool each would spawn dozens of workers at once
        if _SHARED["pool"] is None:
            _SHARED["pool"] = _Pool(self.workers)
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
                extracted = await future
            except Exception:  # the spider extracts in-process and records what went wrong
                extracted = None
            if extracted is None:
                stats.inc_value("portal_archive/extract_pool/fallbacks")
            else:
                response.meta["extracted"] = extracted
                stats.inc_value("portal_archive/extract_pool/pages")
            for output in callback(response, **kwargs) or ():
                yield output

        return parse_article
