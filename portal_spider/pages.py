"""Join the pages of a multi-page article (``c_<id>.htm``, ``c_<id>_2.htm`` ...) into one.

Pure: used by the crawl and by ``reparse`` (which rebuilds articles from WARC records).
"""

from __future__ import annotations


def stitch_pages(parts: list[dict]) -> dict:
    """One article dict from the extracted pages, in page order; fields of page 1 win.

    >>> art = stitch_pages([{"body": "One.", "photos": [], "attachments": [], "warc_records": [1], "pages": 2},
    ...                     {"body": "Two.", "photos": [{"src": "a.jpg"}], "attachments": [], "warc_records": [2]}])
    >>> art["body"], art["photos"], art["warc_records"], art["pages"]
    ('One.\\n\\nTwo.', [{'src': 'a.jpg'}], [1, 2], 2)
    """
    first = dict(parts[0])
    if len(parts) > 1:
        first["body"] = "\n\n".join(p["body"] for p in parts if p.get("body"))
        first["photos"] = [photo for p in parts for photo in p.get("photos") or []]
        first["attachments"] = [a for p in parts for a in p.get("attachments") or []]
        first["warc_records"] = [w for p in parts for w in p.get("warc_records") or []]
        first["pages"] = len(parts)
    return first
