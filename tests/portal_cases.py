"""Shared machinery of the per-family portal tests (tests/test_family_*.py).

Each family test module declares, per spider name:

``CASES``     ``{spider: [(article URL, expected fields), ...]}`` — the fixture page of
              that URL (``portal_spider/sample_portal/sites/<host>/<path>``, raw bytes,
              optional ``.headers`` sidecar) must extract to exactly these fields;
              fields left out take :data:`DEFAULTS` (so every field is asserted).
``LISTINGS``  ``{spider: [article URLs]}`` — the article links the spider reads, in order,
              from its first section's listing fixture.

and gets its tests from :func:`family_tests`.  ``tests/test_registry.py`` reads the
same dictionaries to check that every spider has fixtures and tests.

:func:`crawl_all` runs one real crawl of every spider against the loopback sample
portal (once per test session) for the families' end-to-end tests.
"""

from __future__ import annotations

import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

from tests.conftest import crawl
from tests.test_sample_portal_extract import fixture_file, response_headers

#: Every asserted field, and the value it has when a case does not name it.
DEFAULTS = {"is_article": True, "byline": None, "section": [], "photos": [], "attachments": []}
FIELDS = ("is_article", "title", "published", "date_source", "source", "byline", "section", "photos", "body",
          "attachments")


def paras(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def photo(src: str, caption: str | None, credit: str | None = None) -> dict:
    return {"src": src, "caption": caption, "credit": credit}


def attachment(url: str, text: str) -> dict:
    return {"url": url, "text": text}


@lru_cache(maxsize=None)
def extract(url: str) -> dict:
    from portal_spider.extract import extract_article

    file = fixture_file(url)
    return extract_article(file.read_bytes(), url, response_headers(file))


def project(field: str, value):
    if field == "photos":
        return [{k: p.get(k) for k in ("src", "caption", "credit")} for p in value]
    if field == "attachments":
        return [{k: a.get(k) for k in ("url", "text")} for a in value]
    return value


@lru_cache(maxsize=None)
def spider_class(name: str):
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    return SpiderLoader.from_settings(get_project_settings()).load(name)


def listing_links(name: str) -> list[str]:
    """The article links the spider reads from its first section's listing fixture."""
    from scrapy.http import HtmlResponse, Request

    cls = spider_class(name)
    url = next(iter(cls.sections.values()))
    file = fixture_file(url)
    headers = response_headers(file)
    response = HtmlResponse(url, body=file.read_bytes(), headers=headers, request=Request(url))
    return cls().article_links(response)


def case(title, published, date_source, source, body, **more) -> dict:
    """The exact fields of one article page, the common ones by position."""
    return {"title": title, "published": published, "date_source": date_source, "source": source, "body": body, **more}


def family_tests(cases: dict[str, list[tuple[str, dict]]], listings: dict[str, list[str]]):
    """The parametrized tests of one family module: every field of every case, every listing."""
    params = [
        pytest.param(url, field, {**DEFAULTS, **spec}[field], id=f"{spider}-{url.rsplit('/', 1)[-1][:24]}-{field}")
        for spider, pages in cases.items() for url, spec in pages for field in FIELDS
    ]

    @pytest.mark.parametrize("url,field,expected", params)
    def test_article_field(url, field, expected):
        assert project(field, extract(url)[field]) == expected

    @pytest.mark.parametrize("spider", list(listings))
    def test_listing_links(spider):
        assert listing_links(spider) == listings[spider]
        for link in listings[spider]:
            assert fixture_file(link).is_file(), link

    return test_article_field, test_listing_links


# --------------------------------------------------------------------------- one crawl of every portal

#: Portals the end-to-end crawl covers (guiyang and eguizhou have tests/test_crawl.py).
def _crawled_spiders() -> list[str]:
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    return sorted(n for n in SpiderLoader.from_settings(get_project_settings()).list() if n not in ("guiyang", "eguizhou"))


@lru_cache(maxsize=1)
def crawl_all() -> tuple[str, int]:
    """One real crawl of every other portal through the loopback sample portal: (archive path, exit code)."""
    from portal_spider.sample_portal.server import SamplePortal

    folder = Path(tempfile.mkdtemp(prefix="portal-families-"))
    db = str(folder / "archive.db")
    with SamplePortal() as portal:
        # 44 portals in one process, as `portal-archive crawl` runs them: they share one extraction pool
        result = crawl(db, portal.proxy, *_crawled_spiders())
    assert result.returncode == 0, result.stdout + result.stderr  # every listing read, nothing failed
    return db, result.returncode


def query(sql: str, *params) -> list[tuple]:
    db, _ = crawl_all()
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def stored_counts(*portals: str) -> dict[str, int]:
    marks = ",".join("?" * len(portals))
    return dict(query(f"SELECT portal, count(*) FROM articles WHERE portal IN ({marks}) GROUP BY portal", *portals))


def stored_article(canonical: str) -> tuple:
    """(portal, title, published, date_source, source, section, body) of one archived article."""
    rows = query("SELECT portal, title, published, date_source, source, section, body FROM articles "
                 "WHERE canonical_url = ?", canonical)
    assert len(rows) == 1, rows
    return rows[0]


# --------------------------------------------------------------------------- what the family modules cover

def family_modules() -> list:
    """The per-family test modules (``tests/test_family_*.py``) and scaffolded ``tests/test_portal_*.py``."""
    import importlib

    here = Path(__file__).resolve().parent
    names = sorted(p.stem for p in [*here.glob("test_family_*.py"), *here.glob("test_portal_*.py")])
    return [importlib.import_module(f"tests.{name}") for name in names]


def family_fixture_files() -> set[Path]:
    """Every fixture file a family module's cases, listings and extra pages refer to."""
    files: set[Path] = set()
    for module in family_modules():
        for spider, pages in getattr(module, "CASES", {}).items():
            files |= {fixture_file(url) for url, _ in pages}
            files |= {fixture_file(url) for url in spider_class(spider).sections.values()}
        for spider, links in getattr(module, "LISTINGS", {}).items():
            files |= {fixture_file(url) for url in links}
        files |= {fixture_file(url) for url in getattr(module, "OTHER_PAGES", ())}
    return files
