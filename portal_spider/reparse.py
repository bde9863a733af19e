"""Re-extract archived articles from their raw pages in the WARC files, without any network.

For when extraction improves: each article's page records (``articles.warc_records``)
are read back, extracted with the current extractor, stitched, and written over
the article's extracted fields.  The raw page did not change, so this is not a
revision: no row goes to ``revisions``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from archive.store import Archive

from .extract import extract_article, with_listing_date
from .pages import stitch_pages
from .warc import read_response, warc_dir_for


@dataclass
class ReparseReport:
    articles: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)  # canonical URLs whose records could not be read
    rejected: list[str] = field(default_factory=list)  # no longer recognised as articles: left as they were


def reparse(archive: Archive, *, portal: str | None = None, warc_dir: str | None = None) -> Iterator[tuple[str, str]]:
    """Yield ``(canonical_url, outcome)`` per article: ``changed``, ``unchanged``, ``missing`` or ``rejected``."""
    warc_dir = warc_dir or warc_dir_for(str(archive.path))
    where, params = "warc_records IS NOT NULL AND warc_records != '[]'", []
    if portal:
        where += " AND portal = ?"
        params.append(portal)
    rows = list(archive.db["articles"].rows_where(
        where, params, order_by="id",
        select="id, canonical_url, portal, warc_records, published, published_utc, date_precision, date_raw, date_source"))
    for row in rows:
        parts = []
        try:
            for record in json.loads(row["warc_records"]):
                url, status, headers, body = read_response(warc_dir, record["file"], record["offset"])
                data = extract_article(body, url, headers)
                data["warc_records"] = [record]
                parts.append(data)
        except (OSError, LookupError, ValueError) as exc:
            yield row["canonical_url"], f"missing ({type(exc).__name__}: {exc})"
            continue
        if not parts[0]["is_article"]:
            yield row["canonical_url"], "rejected"
            continue
        if row["date_source"] == "listing":  # the listing page is not in the article's records: keep its date
            parts[0] = with_listing_date(parts[0], {"iso": row["published"], "utc": row["published_utc"],
                                                    "precision": row["date_precision"], "raw": row["date_raw"]})
        item = stitch_pages(parts)
        item.update(portal=row["portal"], canonical_url=row["canonical_url"])
        yield row["canonical_url"], archive.replace_extraction(row["id"], item)


def fetched_article(archive: Archive, warc_dir: str, fetch: dict) -> dict | None:
    """The article that a ``fetches`` row's raw page (and the later pages of a multi-page article,
    fetched right after it) shows today's extractor, ready to save; None when it shows none
    (an error page, a challenge ...).  For :func:`archive.repair.repair`."""
    url, _, headers, body = read_response(warc_dir, fetch["warc_file"], fetch["warc_offset"])
    data = extract_article(body, url, headers)
    if not data["is_article"]:
        return None
    data["warc_records"] = [{"url": url, "file": fetch["warc_file"], "offset": fetch["warc_offset"]}]
    parts = [data]
    for page_url in data["next_pages"]:
        row = archive.db.execute(
            """SELECT warc_file, warc_offset FROM fetches WHERE url = ? AND outcome = 'article-page' AND id > ?
               AND warc_file IS NOT NULL ORDER BY id LIMIT 1""", [page_url, fetch["id"]]).fetchone()
        if row is None:
            raise LookupError(f"no raw page of {page_url}")
        page_url, _, page_headers, page_body = read_response(warc_dir, row[0], row[1])
        page = extract_article(page_body, page_url, page_headers)
        page["warc_records"] = [{"url": page_url, "file": row[0], "offset": row[1]}]
        parts.append(page)
    item = stitch_pages(parts)
    item.update(portal=fetch["portal"], canonical_url=fetch["canonical_url"])
    return item


def run(archive: Archive, *, portal: str | None = None, warc_dir: str | None = None) -> ReparseReport:
    report = ReparseReport()
    for canonical, outcome in reparse(archive, portal=portal, warc_dir=warc_dir):
        report.articles += 1
        if outcome == "changed":
            report.changed += 1
        elif outcome == "unchanged":
            report.unchanged += 1
        elif outcome == "rejected":
            report.rejected.append(canonical)
        else:
            report.missing.append(f"{canonical}: {outcome}")
    return report
