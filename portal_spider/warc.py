"""Raw pages kept in WARC files (warcio), so articles can be re-extracted offline.

Pure Python (no Scrapy): the capture middleware writes through
:class:`WarcStore`; reading belongs to the archive (:mod:`archive.warcs`:
``read_response``, ``warc_dir_for``), re-exported here for the crawl's side.

* One gzip member per record (built by :func:`response_record`); files rotate by size.
* A file being written has a ``<name>.open`` marker.  At the next start,
  :func:`repair` truncates such a file after its last complete record (warcio
  would otherwise skip a half-written tail silently) and removes the marker.
* :meth:`WarcStore.sync` flushes and fsyncs; the pipeline calls it before it
  commits rows that point into the file.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import uuid
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.warcs import read_response, warc_dir_for  # noqa: F401  (re-exported)

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_HOP_BY_HOP = {b"transfer-encoding", b"connection", b"keep-alive"}
#: zlib's default level: warcio's 9 costs a third more CPU per page for files about 4% smaller
GZIP_LEVEL = 6


def warc_date(now: dt.datetime | None = None) -> str:
    """A WARC-Date (UTC, seconds), as warcio writes it.

    >>> warc_date(dt.datetime(2024, 1, 31, 8, 5, 9, 123, tzinfo=dt.timezone.utc))
    '2024-01-31T08:05:09Z'
    """
    return (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sha1(digest) -> str:
    return "sha1:" + base64.b32encode(digest.digest()).decode("ascii")


def response_record(url: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes, *,
                    protocol: str = "HTTP/1.1", reason: str = "", ip: str | None = None,
                    date: str | None = None) -> bytes:
    """One WARC/1.0 response record as a gzip member: the record warcio's writer makes, built in one go.

    The digests and the compression run in C without the GIL, so a writer thread
    does most of this work beside the crawl.

    >>> import gzip
    >>> rec = gzip.decompress(response_record("https://h.gov.cn/a.htm", 200, [(b"Content-Type", b"text/html")],
    ...                                       b"<p>Hi</p>", date="2024-01-31T08:05:09Z")).decode()
    >>> print(rec[rec.index("WARC-Type"):].replace(chr(13), ""))
    WARC-Type: response
    WARC-Target-URI: https://h.gov.cn/a.htm
    WARC-Date: 2024-01-31T08:05:09Z
    WARC-Payload-Digest: sha1:ATQOZ6T6XGEIMQ42R6F7IMXCTVKIZL3O
    WARC-Block-Digest: sha1:DXBLNKD3LGZPYTW366BULR7JEJLO36OZ
    Content-Type: application/http; msgtype=response
    Content-Length: 50
    <BLANKLINE>
    HTTP/1.1 200
    Content-Type: text/html
    <BLANKLINE>
    <p>Hi</p>
    <BLANKLINE>
    <BLANKLINE>
    """
    http_block = StatusAndHeaders(
        f"{status} {reason}".strip(),
        [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers if k.lower() not in _HOP_BY_HOP],
        protocol=protocol,
    ).to_ascii_bytes()
    block = hashlib.sha1(http_block)
    block.update(body)
    warc_headers = (
        f"WARC/1.0\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        + (f"WARC-IP-Address: {ip}\r\n" if ip else "")
        + f"WARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: {date or warc_date()}\r\n"
        f"WARC-Payload-Digest: {_sha1(hashlib.sha1(body))}\r\nWARC-Block-Digest: {_sha1(block)}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http_block) + len(body)}\r\n\r\n"
    ).encode("utf-8")
    gz = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
    return gz.compress(warc_headers) + gz.compress(http_block) + gz.compress(body) + gz.compress(b"\r\n\r\n") + gz.flush()


class WarcStore:
    """Append response records to rotating ``<prefix>-<time>-<pid>-<seq>.warc.gz`` files."""

    def __init__(self, folder: str | os.PathLike, prefix: str = "portal", max_bytes: int = DEFAULT_MAX_BYTES):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
        self.seq = 0
        self.file = None
        self.writer: WARCWriter | None = None
        self.name: str | None = None

    def _open(self) -> None:
        self.seq += 1
        self.name = f"{self.prefix}-{self.stamp}-{os.getpid()}-{self.seq:05d}.warc.gz"
        (self.folder / f"{self.name}.open").touch()
        self.file = open(self.folder / self.name, "ab")
        self.writer = WARCWriter(self.file, gzip=True)
        info = self.writer.create_warcinfo_record(self.name, {"software": "portal-archive", "format": "WARC/1.1"})
        self.writer.write_record(info)

    def write_response(self, url: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes, **kw) -> dict:
        """Write one response record (keywords of :func:`response_record`); return its location
        ``{"file", "offset", "length"}``."""
        return self.append(response_record(url, status, headers, body, **kw))

    def append(self, record: bytes) -> dict:
        """Append a record built by :func:`response_record`; return its location."""
        if self.file is None or self.file.tell() >= self.max_bytes:
            self.close()
            self._open()
        offset = self.file.tell()
        self.file.write(record)
        return {"file": self.name, "offset": offset, "length": len(record)}

    def sync(self) -> None:
        if self.file is not None:
            self.file.flush()
            os.fsync(self.file.fileno())

    def close(self) -> None:
        if self.file is not None:
            self.sync()
            self.file.close()
            (self.folder / f"{self.name}.open").unlink(missing_ok=True)
            self.file = self.writer = None


def _complete_prefix(path: Path) -> int:
    """Byte length of the leading run of complete gzip members (records) in ``path``.

    Streams the file with bounded output per step, so a huge or hostile record
    cannot exhaust memory.
    """
    good = consumed = 0
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            buf = chunk
            while buf:
                try:
                    d.decompress(buf, 1 << 20)
                    while d.unconsumed_tail and not d.eof:
                        d.decompress(d.unconsumed_tail, 1 << 20)
                except zlib.error:
                    return good
                if d.eof:
                    used = len(buf) - len(d.unused_data)
                    consumed += used
                    good = consumed
                    buf = d.unused_data
                    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                else:
                    consumed += len(buf)
                    buf = b""
    return good


def repair(folder: str | os.PathLike) -> list[str]:
    """Cut the half-written tail off WARC files left open by a killed crawl; return their names."""
    folder = Path(folder)
    repaired = []
    if not folder.is_dir():
        return repaired
    for marker in sorted(folder.glob("*.warc.gz.open")):
        path = marker.with_suffix("")
        if path.exists():
            good = _complete_prefix(path)
            if good < path.stat().st_size:
                with open(path, "r+b") as f:
                    f.truncate(good)
                    f.flush()
                    os.fsync(f.fileno())
                repaired.append(path.name)
        marker.unlink()
    return repaired
