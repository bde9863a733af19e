"""The item every portal spider yields."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArticleItem:
    """One article, stitched from all its pages, as extracted (see ``extract_article``)."""

    url: str
    canonical_url: str
    portal: str
    title: str | None = None
    published: str | None = None
    published_utc: str | None = None
    date_precision: str | None = None
    date_raw: str | None = None
    date_source: str | None = None
    byline: str | None = None
    source: str | None = None
    section: list[str] = field(default_factory=list)
    photos: list[dict] = field(default_factory=list)
    body: str = ""
    attachments: list[dict] = field(default_factory=list)
    pages: int = 1
    encoding: str | None = None
    field_sources: dict[str, str] = field(default_factory=dict)
    extractor_version: int | None = None
    warc_records: list[dict] = field(default_factory=list)
    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def from_extracted(cls, data: dict, portal: str) -> "ArticleItem":
        names = cls.__dataclass_fields__
        return cls(portal=portal, **{k: v for k, v in data.items() if k in names and k != "portal"})
