"""Reading the raw pages and images the crawl keeps in WARC files beside an archive.

The crawl writes them (``portal_spider.warc``); the archive reads them back: to
re-extract articles (``reparse``, ``repair``) and to serve archived photos
(Datasette's ``/-/image/<id>``).  warcio only, no Scrapy.
"""

from __future__ import annotations

import os
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


def warc_dir_for(db_path: str) -> str:
    """Default WARC folder beside an archive: ``archive.db`` -> ``archive-warc/``.

    >>> warc_dir_for("/data/archive.db")
    '/data/archive-warc'
    """
    path = Path(db_path)
    return str(path.with_name(f"{path.stem}-warc"))


def read_response(folder: str | os.PathLike, name: str, offset: int) -> tuple[str, int, dict[str, str], bytes]:
    """``(url, status, headers, body)`` of the record at ``offset``; the body is content-decoded (gzip)."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise LookupError(f"not a WARC file name: {name!r}")
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
