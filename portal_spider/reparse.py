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
