"""Raw pages kept in WARC files (warcio), so articles can be re-extracted offline.

Pure Python (no Scrapy): the capture middleware writes through
:class:`WarcStore`, ``reparse`` reads with :func:`read_response`.

* One gzip member per record; files rotate by size.
* A file being written has a ``<name>.open`` marker.  At the next start,
  :func:`repair` truncates such a file after its last complete record (warcio
  would otherwise skip a half-written tail silently) and removes the marker.
* :meth:`WarcStore.sync` flushes and fsyncs; the pipeline calls it before it
  commits rows that point into the file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import uuid
import zlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_HOP_BY_HOP = {b"transfer-encoding", b"connection", b"keep-alive"}


def warc_dir_for(db_path: str) -> str:
    """Default WARC folder beside an archive: ``archive.db`` -> ``archive-warc/``.

    >>> warc_dir_for("/data/archive.db")
    '/data/archive-warc'
    """
    path = Path(db_path)
    return str(path.with_name(f"{path.stem}-warc"))


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

    def write_response(self, url: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes, *,
                       protocol: str = "HTTP/1.1", reason: str = "", ip: str | None = None) -> dict:
        """Write one response record; return its location ``{"file", "offset", "length"}``."""
        if self.file is None or self.file.tell() >= self.max_bytes:
            self.close()
            self._open()
        http_headers = StatusAndHeaders(
            f"{status} {reason}".strip(),
            [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers if k.lower() not in _HOP_BY_HOP],
            protocol=protocol,
        )
        warc_headers = {"WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>"}
        if ip:
            warc_headers["WARC-IP-Address"] = ip
        record = self.writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                http_headers=http_headers, warc_headers_dict=warc_headers)
        offset = self.file.tell()
        self.writer.write_record(record)
        return {"file": self.name, "offset": offset, "length": self.file.tell() - offset}

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


def read_response(folder: str | os.PathLike, name: str, offset: int) -> tuple[str, int, dict[str, str], bytes]:
    """``(url, status, headers, body)`` of the record at ``offset``; the body is content-decoded (gzip)."""
    with open(Path(folder) / name, "rb") as f:
        f.seek(offset)
        for record in ArchiveIterator(f):
            if record.rec_type != "response":
                continue
            headers = dict(record.http_headers.headers)
            status = int(record.http_headers.get_statuscode() or 0)
            body = record.content_stream().read()
            return record.rec_headers.get_header("WARC-Target-URI"), status, headers, body
    raise LookupError(f"no response record at {name}:{offset}")
