"""Generated F1 portals of any size, for the fault-injection tests and the benchmarks.

Writes a tree in the sample-portal format (``<root>/<host>/<path>``) that the
``guiyang`` spider crawls as it would the real english.guiyang.gov.cn: its three
listing sections (``news.html``, ``wsb/foreignaffairsofficenews.html`` and
nanming's ``news.html``, each paginated ``_2.html``, ``_3.html`` ... newest
first) and article pages ``/YYYY-MM/DD/c_<id>.htm`` in the China Daily layout
(breadcrumb, headline, date line, photo with a credited caption, paragraphs,
footer), 30-60 KB each like the real pages (most of it markup and scripts).

Everything is derived from a seed, so two runs write the same bytes.

>>> import tempfile
>>> root = Path(tempfile.mkdtemp())
>>> articles = make_articles(3, seed=1)
>>> write_portal(root, articles, listings=3)
3
>>> sorted(p.name for p in (root / "english.guiyang.gov.cn").iterdir())[:3]
['2024-01', 'news.html', 'robots.txt']
"""

from __future__ import annotations

import datetime as dt
import random
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .server import SamplePortal

MAIN = "english.guiyang.gov.cn"
NANMING = "nanming.english.guiyang.gov.cn"
#: (section name, host, first listing path, breadcrumb)
SECTIONS = (
    ("News", MAIN, "news.html", "News"),
    ("Foreign Affairs Office", MAIN, "wsb/foreignaffairsofficenews.html", "Foreign Affairs Office News"),
    ("Nanming", NANMING, "news.html", "News"),
)

_WORDS = (
    "Guiyang Guizhou province city district government officials residents visitors tourism industry investment "
    "digital economy big data computing center cluster servers metro line station passengers railway airport "
    "international flights exhibition forum cooperation enterprises project construction park wetland mountain "
    "tea growers harvest county village rural revitalization poverty education school university students hospital "
    "medical service center foreign consuls delegation exchange culture festival lantern ethnic Miao Buyi folk "
    "performance heritage ancient town water conservation environment forest ecology green development innovation "
    "technology companies market consumption growth percent billion yuan year month plan policy reform support "
    "measures trade export logistics highway bridge energy power solar wind manufacturing automobile battery "
    "agriculture vegetables fruit livestock food safety sports marathon volunteers community housing employment"
).split()

_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title} - Guiyang</title>
<meta name="keywords" content="Guiyang,Guizhou,news" />
<meta name="description" content="{description}" />
<link rel="stylesheet" type="text/css" href="//english.guiyang.gov.cn/css/common.css" />
<style type="text/css">{style}</style>
<script type="text/javascript" src="//english.guiyang.gov.cn/js/jquery-1.11.3.min.js"></script>
</head>
<body>
<div class="header"><div class="header-in">
<div class="logo"><a href="//english.guiyang.gov.cn/"><img src="//english.guiyang.gov.cn/images/logo.png" alt="Guiyang China" /></a></div>
<div class="toplink"><a href="http://www.guiyang.gov.cn/">中文</a> | <a href="//english.guiyang.gov.cn/contactus.html">Contact Us</a></div>
</div></div>
<div class="nav"><ul class="nav-ul">
<li class="first"><a href="//english.guiyang.gov.cn/">Home</a></li><li><a href="/news.html">News</a></li>
<li><a href="/profile.html">Profile</a></li><li><a href="/government.html">Government</a></li>
<li><a href="/investment.html">Investment</a></li><li><a href="/travel.html">Travel</a></li>
<li><a href="/living.html">Living</a></li><li><a href="/resources.html">Resources</a></li>
</ul></div>
"""
_FOOT = """<div class="footer"><div class="footer-in">
<div class="flink"><a href="/aboutus.html">About Us</a> | <a href="/contactus.html">Contact Us</a> | <a href="/sitemap.html">Site Map</a></div>
<p>Guiyang China &copy; The Guiyang Municipal People's Government. All Rights Reserved.</p>
<p>Presented by China Daily.</p>
</div></div>
<script type="text/javascript">{script}</script>
</body>
</html>
"""


@dataclass(frozen=True)
class Article:
    number: int
    id: int
    section: int  # index into SECTIONS
    date: dt.datetime
    title: str
    paragraphs: tuple[str, ...]
    caption: str
    filler: int  # bytes of scripts/markup, to reach a realistic page size

    @property
    def host(self) -> str:
        return SECTIONS[self.section][1]

    @property
    def path(self) -> str:
        prefix = "wsb/" if self.section == 1 else ""
        return f"{prefix}{self.date:%Y-%m/%d}/c_{self.id}.htm"

    @property
    def url(self) -> str:
        return f"https://{self.host}/{self.path}"


def _sentence(rng: random.Random, number: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(12, 26))]
    words.insert(rng.randrange(len(words)), f"{number * 7 + rng.randint(1, 999):,}")
    return " ".join(words).capitalize() + "."


def make_article(i: int, seed: int = 0, first_id: int = 2_000_000, start: dt.datetime | None = None,
                 page_kb: tuple[int, int] = (30, 60)) -> Article:
    """Article number ``i`` of a generated portal (each one from its own seeded RNG, so any can be made alone)."""
    rng = random.Random(f"{seed}:{i}")
    start = start or dt.datetime(2024, 1, 1, 8, 0, 0)
    number = first_id + i
    title = f"{' '.join(rng.choice(_WORDS) for _ in range(5)).capitalize()} report {number}"
    paragraphs = tuple(" ".join(_sentence(rng, number) for _ in range(rng.randint(3, 6)))
                       for _ in range(rng.randint(6, 12)))
    caption = f"{_sentence(rng, number)} [Photo/guiyang.gov.cn]"
    size = rng.randint(page_kb[0] * 1024, page_kb[1] * 1024)
    return Article(i, number, i % len(SECTIONS), start + dt.timedelta(hours=7 * i + rng.randint(0, 6)),
                   title, paragraphs, caption, size)


def make_articles(n: int, seed: int = 0, first_id: int = 2_000_000, start: dt.datetime | None = None,
                  page_kb: tuple[int, int] = (30, 60)) -> list[Article]:
    """``n`` distinct articles, oldest first (ids and dates increase)."""
    return [make_article(i, seed, first_id, start, page_kb) for i in range(n)]


def _filler(rng: random.Random, size: int) -> tuple[str, str]:
    """Minified-looking script and style text of about ``size`` bytes."""
    names = ["share", "nav", "stat", "slider", "weixin", "weibo", "img", "lazy", "track", "menu"]
    parts, total = [], 0
    while total < size:
        name = rng.choice(names)
        chunk = (f"function {name}{rng.randint(0, 99999)}(e,t){{var n=document.getElementById('{name}');"
                 f"if(n){{n.style.display=t?'block':'none';n.setAttribute('data-v','{rng.getrandbits(64):x}')}}return e+t}};")
        parts.append(chunk)
        total += len(chunk)
    script = "".join(parts)
    cut = len(script) // 5
    return script[cut:], ".w1000{width:1000px}" + script[:cut].replace("function", ".f").replace("(", "{").replace(")", "}")


def article_html(article: Article) -> bytes:
    rng = random.Random(article.id)
    head_size = len(_HEAD) + len(_FOOT)
    text_size = sum(len(p) for p in article.paragraphs) + len(article.caption) + 600
    script, style = _filler(rng, max(0, article.filler - head_size - text_size))
    name, host, _, crumb = SECTIONS[article.section]
    listing = "/" + SECTIONS[article.section][2] if host == MAIN else "/news.html"
    photo = f"//{host}/images/attachement/jpg/site2/{article.date:%Y%m%d}/{article.id:x}.jpg"
    body = "\n".join(f"<p>{p}</p>" for p in article.paragraphs)
    html = (
        _HEAD.format(title=article.title, description=article.paragraphs[0][:150], style=style)
        + f"""<div class="main w1000">
  <div class="crumb"><a href="//{host}/">Home</a>&gt; <a href="{listing}">{crumb}</a></div>
  <div class="detail">
    <h1>{article.title}</h1>
    <div class="info"><span class="source">english.guiyang.gov.cn </span>|<span class="time">Updated: {article.date:%Y-%m-%d %H:%M:%S}</span></div>
    <div id="Content">
<p align="center"><img src="{photo}" width="600" height="400" border="0" alt="" /></p>
<p align="center" style="color:#666666;font-size:13px;">{article.caption}</p>
{body}
    </div>
  </div>
</div>
"""
        + _FOOT.format(script=script)
    )
    return html.encode("utf-8")


def listing_html(section: int, page: int, pages: int, items: list[Article]) -> bytes:
    name, host, first, crumb = SECTIONS[section]
    stem = Path(first).stem
    rows = "\n".join(
        f'<li><div class="txt"><p><a href="https://{a.host}/{a.path}" target="_blank" title="{a.title}">'
        f"{a.paragraphs[0][:90]}</a></p></div></li>" for a in items)
    pager = " ".join(f'<span class="cur">{n}</span>' if n == page else f'<a href="{stem if n == 1 else f"{stem}_{n}"}.html">{n}</a>'
                     for n in range(max(1, page - 3), min(pages, page + 3) + 1))
    if page < pages:
        pager += f' <a href="{stem}_{page + 1}.html" class="next">&gt;</a>'
    html = (_HEAD.format(title=name, description=name, style=".list{margin:0}")
            + f"""<div class="main w1000">
  <div class="crumb"><a href="//{host}/">Home</a>&gt; <a href="/{first}">{crumb}</a></div>
  <div class="list-box"><ul class="news-list">
{rows}
  </ul>
  <div class="page">{pager}</div></div>
</div>
""" + _FOOT.format(script="var _hmt=_hmt||[];"))
    return html.encode("utf-8")


def listing_path(section: int, page: int) -> str:
    first = SECTIONS[section][2]
    return first if page == 1 else first.replace(".html", f"_{page}.html")


def write_portal(root: str | Path, articles: list[Article], listings: int = 50,
                 robots: dict[str, str] | None = None, write_articles: bool = True) -> int:
    """Write the listings (newest first) and article pages under ``root``; return the number of listing pages.

    ``listings`` is the total number of listing pages over the three sections
    (at least one each).  ``robots`` maps a host to its robots.txt text.
    """
    root = Path(root)
    per_section = [[a for a in articles if a.section == s] for s in range(len(SECTIONS))]
    total = max(len(articles), 1)
    per_page = max(1, -(-total // max(listings, len(SECTIONS))))
    written = 0
    for s, items in enumerate(per_section):
        items = sorted(items, key=lambda a: a.date, reverse=True)
        pages = max(1, -(-len(items) // per_page))
        for page in range(1, pages + 1):
            path = root / SECTIONS[s][1] / listing_path(s, page)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(listing_html(s, page, pages, items[(page - 1) * per_page: page * per_page]))
            written += 1
    robots = robots if robots is not None else {MAIN: "User-agent: *\nDisallow: /private/\n", NANMING: "User-agent: *\nDisallow:\n"}
    for host, text in robots.items():
        (root / host).mkdir(parents=True, exist_ok=True)
        (root / host / "robots.txt").write_text(text)
    if write_articles:
        for article in articles:
            path = root / article.host / article.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(article_html(article))
    return written


class GeneratedPortal(SamplePortal):
    """A generated portal of any size served on the fly (nothing on disk), for large crawls.

    Same URLs, pages and listings as :func:`write_portal` would write for
    ``make_articles(n, seed, page_kb=page_kb)`` with ``per_page`` articles a listing page.

    >>> with GeneratedPortal(10, per_page=4) as portal:
    ...     status, _, body = portal.lookup(MAIN, "/news.html")
    ...     status, body.count(b'target="_blank" title=')
    (200, 4)
    """

    def __init__(self, n: int, seed: int = 0, per_page: int = 40, page_kb: tuple[int, int] = (30, 60)):
        self._hosts = tempfile.TemporaryDirectory(prefix="generated-portal-")
        for host in {s[1] for s in SECTIONS}:  # only so that the TLS certificate names the portal's hosts
            (Path(self._hosts.name) / host).mkdir()
        super().__init__(root=self._hosts.name)
        self.generated = {"n": n, "seed": seed, "per_page": per_page, "page_kb": page_kb}

    def stop(self) -> None:
        super().stop()
        self._hosts.cleanup()

    def lookup(self, host: str, path: str):
        found = _generated_lookup(self, host, path)
        return found if found is not None else super().lookup(host, path)


def _section_items(n: int, section: int) -> int:
    return len(range(section, n, len(SECTIONS)))


def _generated_lookup(portal, host: str, path: str):
    g = portal.generated
    n, per_page = g["n"], g["per_page"]
    html = [("Content-Type", "text/html; charset=utf-8")]
    if path == "/robots.txt":
        return 200, [("Content-Type", "text/plain")], b"User-agent: *\nDisallow: /private/\n"
    for s, (_, shost, first, _) in enumerate(SECTIONS):
        if host != shost:
            continue
        stem = "/" + first[: -len(".html")]
        if path == f"{stem}.html" or (path.startswith(f"{stem}_") and path.endswith(".html")):
            page = 1 if path == f"{stem}.html" else int(path[len(stem) + 1: -len(".html")] or 0)
            count = _section_items(n, s)
            pages = max(1, -(-count // per_page))
            if not 1 <= page <= pages:
                return None
            # newest first: the section's articles are i = s, s + 3, ... (dates grow with i)
            top = s + (count - 1) * len(SECTIONS)
            items = [make_article(top - k * len(SECTIONS), g["seed"], page_kb=g["page_kb"])
                     for k in range((page - 1) * per_page, min(count, page * per_page))]
            return 200, html, listing_html(s, page, pages, items)
    match = _ARTICLE_PATH.search(path)
    if match:
        i = int(match.group(1)) - 2_000_000
        if 0 <= i < n:
            article = make_article(i, g["seed"], page_kb=g["page_kb"])
            if article.host == host and "/" + article.path == path:
                return 200, html, article_html(article)
    return None


_ARTICLE_PATH = re.compile(r"/c_(\d+)\.htm$")
