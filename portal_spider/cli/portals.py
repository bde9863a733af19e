"""``portal-archive new-portal`` and ``portal-archive check``: adding a portal and checking it live.

Registered on the ``cli`` group of :mod:`portal_spider.cli.app` (imported by the package).
``check`` loads the spiders (:mod:`portal_spider.check`); ``new-portal`` only writes
files from templates.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from ..exits import CHECK_MEANINGS, help_text
from ..extract.encoding import decode_html
from ..families import FAMILIES, recognise_family
from ..sample_portal import url_file
from .app import Fail, cli

ROOT = Path(__file__).resolve().parents[2]
_NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
LEVELS = ("state", "province", "city", "district")


@cli.command(name="check", help=f"""Fetch a portal's first listing page and its first article, print every field with its layer.

Fields that come out empty are flagged MISSING.  Without network it prints
one line, "cannot reach HOST: reason", and exits 3.

With --all: every registered portal in parallel, one line each (listing
reached or why not, listing pages declared and walked up to 3, article
links, and title / date with its source / body / photos of the first 3
articles), then a total line; --save-fixtures keeps every listing page
walked and every article it links.

\b
Examples:
  portal-archive check beijing --save-fixture /tmp/beijing-pages
  portal-archive check --all --save-fixtures /tmp/all-portals

{help_text(CHECK_MEANINGS)}""")
@click.argument("names", nargs=-1)
@click.option("--all", "check_all", is_flag=True, help="Check every portal (or the NAMES given) at once, one line each.")
@click.option("--proxy", default="", help="Send the requests through this HTTP proxy (e.g. the sample portal's).")
@click.option("--save-fixture", "--save-fixtures", "save_dir", type=click.Path(file_okay=False), default=None,
              help="Store the raw pages and their headers here, in the sample-portal tree format.")
@click.option("--user-agent", default=None, help="User-Agent header (default: the crawler's).")
@click.option("--timeout", type=click.FloatRange(min=1), default=10.0, show_default=True,
              help="Seconds per request with --all.")
def check_command(names, check_all, proxy, save_dir, user_agent, timeout):
    from .. import check

    if check_all:
        sys.exit(check.check_all(list(names), proxy, save_dir, user_agent, timeout=timeout))
    if len(names) != 1:
        raise Fail("name one portal (portal-archive portals lists them), or use --all")
    sys.exit(check.check(names[0], proxy, save_dir, user_agent))


def class_name(name: str) -> str:
    """
    >>> class_name("beijing_fao")
    'BeijingFaoSpider'
    """
    return "".join(part.capitalize() for part in name.split("_")) + "Spider"


def spider_source(name: str, family: str, start_url: str, level: str, province: str | None, city: str | None) -> str:
    host = urlsplit(start_url).hostname or ""
    base = FAMILIES[family].spider_base
    lines = [
        f"from .base import {base}", "", "",
        f"class {class_name(name)}({base}):",
        f'    name = "{name}"',
        f'    portal_name = "{name.replace("_", " ").title()} ({host})"',
        f'    hosts = ("{host}",)',
        "    sections = {",
        f'        "News": "{start_url}",',
        "    }",
    ]
    if FAMILIES[family].article_pattern is None:  # one-off templates (F9): each portal its own URL shape
        lines.append('    article_pattern = r"/CHANGE-ME/\\d+\\.html$"  # regex for the path of this portal\'s article URLs')
    lines += [f'    level = "{level}"', f"    province = {province!r}".replace("'", '"'), f"    city = {city!r}".replace("'", '"')]
    return "\n".join(lines) + "\n"


def scaffold_test_source(name: str, start_url: str) -> str:
    return f'''"""{name}: exact fields of its saved pages (written by `portal-archive new-portal`; fill in CASES and LISTINGS).

1. Save a listing page and an article page as raw bytes under portal_spider/sample_portal/sites/<host>/<path>
   (`portal-archive check {name} --save-fixture DIR` does it; the listing placeholder is
   {fixture_rel(start_url)}).
2. Write the article's exact fields in CASES and the listing's article links in LISTINGS.
"""

from __future__ import annotations

from tests.portal_cases import attachment, family_tests, paras, photo  # noqa: F401

CASES = {{
    "{name}": [
        # ("https://<host>/<article path>", {{
        #     "title": "...", "published": "YYYY-MM-DD", "date_source": "printed", "source": None,
        #     "section": ["Home", "News"], "photos": [photo(src, caption, credit)], "body": paras("...", "..."),
        # }}),
    ],
}}

LISTINGS = {{"{name}": []}}

test_article_field, test_listing_links = family_tests(CASES, LISTINGS)


def test_the_portal_has_exact_expectations():
    assert CASES["{name}"], "save an article of {name} and write its expected fields in CASES"
    assert LISTINGS["{name}"], "write the article links of {name}'s first listing page in LISTINGS"
'''


def fixture_rel(url: str) -> str:
    return f"portal_spider/sample_portal/sites/{url_file(url).as_posix()}"


@cli.command(name="new-portal")
@click.argument("name")
@click.option("--family", type=click.Choice(list(FAMILIES)),
              help="CMS family (see docs/families.md); by default recognised from --article-url and --page.")
@click.option("--start-url", required=True, help="First listing page of the portal's news section.")
@click.option("--article-url", default=None, help="The URL of one of its articles (its shape names most families).")
@click.option("--page", "page_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A saved article page of the portal (asset names, pager scripts and footers name its family).")
@click.option("--level", type=click.Choice(LEVELS), default="city", show_default=True)
@click.option("--province", default=None)
@click.option("--city", default=None)
@click.option("--root", type=click.Path(file_okay=False, exists=True), default=str(ROOT), show_default="the project",
              help="Project folder to write into.")
def new_portal(name, family, start_url, article_url, page_file, level, province, city, root):
    """Write a new portal's spider, a listing fixture placeholder and a test that fails until it is filled in.

    Without --family, the family is recognised from an article's URL and a saved
    page (its URL shape, TRS ``W0…`` upload names, pager scripts, footers) and
    the evidence is printed; a page of a family of its own gets F9.

    \b
    Examples:
      portal-archive new-portal harbin --family F4 --start-url https://english.harbin.gov.cn/news/index.html \\
          --province Heilongjiang --city Harbin
      portal-archive new-portal harbin --start-url https://english.harbin.gov.cn/news/index.html \\
          --article-url https://english.harbin.gov.cn/news/202407/t20240711_123.html --page saved.html
    """
    if not _NAME.match(name):
        raise Fail(f"portal name {name!r}: use lower-case letters, digits and _ (e.g. beijing_fao)")
    parts = urlsplit(start_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Fail(f"--start-url {start_url!r} is not an http(s) URL")
    if family is None:
        if not article_url and not page_file:
            raise Fail("name the family (--family, see docs/families.md) or show one: --article-url URL and/or --page FILE")
        html = decode_html(Path(page_file).read_bytes())[0] if page_file else ""
        family, evidence = recognise_family(article_url or start_url, html)
        family = family or "F9"
        click.echo(f"family {family} ({FAMILIES[family].cms}): {', '.join(evidence) or 'no other family shows'}")
    root = Path(root)
    spider = root / "portal_spider" / "spiders" / f"{name}.py"
    test = root / "tests" / f"test_portal_{name}.py"
    fixture = root / fixture_rel(start_url)
    for path in (spider, test):
        if path.exists():
            raise Fail(f"{path} already exists")
    spider.write_text(spider_source(name, family, start_url, level, province, city), "utf-8")
    test.write_text(scaffold_test_source(name, start_url), "utf-8")
    if not fixture.exists():
        fixture.parent.mkdir(parents=True, exist_ok=True)
        fixture.write_bytes(f"<!-- placeholder: replace with the raw bytes of {start_url} -->\n".encode())
    for path in (spider, fixture, test):
        click.echo(f"wrote {path.relative_to(root) if path.is_relative_to(root) else path}")
    click.echo(f"next: portal-archive check {name} --save-fixture /tmp/{name}-pages, then fill in {test.name}")
