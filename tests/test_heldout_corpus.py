"""The held-out corpus (tests/heldout/pages) is well-formed.

Only the corpus is checked here, never the extractor's score (``tests/heldout/score.py`` measures
that).  Each page must have its JSON sidecar with a URL of its family's shape and every expected
field, and the expected values must be visible in the page itself (title, body paragraphs,
captions, source, byline), so that the truth cannot silently drift from the markup.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PAGES = Path(__file__).resolve().parent / "heldout" / "pages"

#: Article URL shapes per family (docs/families.md, written out here independently of the code's table);
#: F9 (one-off templates) has none.
FAMILY_URL = {
    "F1": [r"/(\d{4})-(\d{2})/(\d{2})/c_(\d+)(?:_(\d+))?\.htm$",
           r"^https?://www\.eguangzhou\.gov\.cn/.+/content/post_\d+\.html$"],  # documented eguangzhou variant
    "F2": [r"/(\d{4})-(\d{2})/(\d{2})/content_(\d{8})\.htm$"],
    "F3": [r"content_(\d{15}|WS[0-9a-f]{24})\.html?$"],
    "F4": [r"/(\d{6})/t(\d{8})_(\d+)\.s?html?$"],
    "F5": [r"/art/(\d{4})/(\d{1,2})/(\d{1,2})/art_(\d+)_(\d+)\.html$"],
    "F6": [r"/(en-[\w-]+|News|shzxzb)/(\d{8})/[0-9a-f]{32}\.html$"],
    "F7": [r"/(\d{4})/(\d{1,2})/(\d{1,2})/([0-9a-f]{32}|\d+)\.shtml$"],
    "F8": [r"/(?:octzwosx/\w+|news/shaanxinews)/(\d+)\.htm$"],
    "F10": [r"/c(\d+)/index\.html$"],
}
FAMILY_HOSTS = {
    "F1": ("guiyang.gov.cn", "eguizhou.gov.cn", "eguangzhou.gov.cn", "fao.xm.gov.cn", "ehangzhou.gov.cn",
           "ezhejiang.gov.cn", "chinadaily.com.cn"),
    "F2": ("eguizhou.gov.cn", "guizhou.chinadaily.com.cn"),
    "F3": ("english.www.gov.cn", "english.gov.cn"),
    "F4": ("beijing.gov.cn", "sz.gov.cn", "szns.gov.cn", "qingdao.gov.cn", "nanning.gov.cn", "suzhou.gov.cn",
           "wuhan.gov.cn", "enghunan.gov.cn"),
    "F5": ("english.zj.gov.cn", "en.sx.gov.cn", "english.jinan.gov.cn"),
    "F6": ("shanghai.gov.cn", "sh.gov.cn"),
    "F7": ("www.sc.gov.cn",),
    "F8": ("english.shaanxi.gov.cn",),
    "F9": (".gov.cn",),
    "F10": ("en.www.guiyang.gov.cn",),
}
ARTICLE_KEYS = {"is_article", "title", "published", "date_source", "source", "byline", "section", "photos", "body"}
PUBLISHED = re.compile(r"^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?\+08:00)?)?$")
NAME = re.compile(r"^(F\d+)_(\d{2})$")


def _pages():
    return sorted(p.stem for p in PAGES.glob("*.html"))


def _meta(name):
    return json.loads((PAGES / f"{name}.json").read_text("utf-8"))


def _decode(name, headers):
    raw = (PAGES / f"{name}.html").read_bytes()
    charset = None
    m = re.search(r"charset=([\w-]+)", headers.get("Content-Type", ""), re.I)
    if m:
        charset = m.group(1)
    else:
        m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:2048], re.I)
        charset = m.group(1).decode() if m else "utf-8"
    if charset.lower() in ("gb2312", "gbk", "gb18030"):
        charset = "gb18030"
    return raw.decode(charset)


def _visible(markup):
    import lxml.html

    doc = lxml.html.document_fromstring(markup)
    for bad in doc.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return " ".join(doc.text_content().split())


def test_corpus_size_and_pairs():
    htmls = {p.stem for p in PAGES.glob("*.html")}
    jsons = {p.stem for p in PAGES.glob("*.json")}
    assert htmls == jsons, f"unpaired: {sorted(htmls ^ jsons)}"
    assert not [p.name for p in PAGES.iterdir() if p.suffix not in (".html", ".json")]
    metas = {n: _meta(n) for n in htmls}
    articles = [n for n, m in metas.items() if m["expected"]["is_article"]]
    assert len(articles) >= 30
    assert sum(1 for n in articles if n.startswith("F1_")) >= 12
    for fam in ("F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10"):
        assert sum(1 for n in articles if n.startswith(fam + "_")) >= 2, fam
    assert sum(1 for m in metas.values() if not m["expected"]["is_article"]) >= 3


@pytest.mark.parametrize("name", _pages())
def test_page_is_well_formed(name):
    m = NAME.match(name)
    assert m, name
    family = m.group(1)
    meta = _meta(name)
    assert set(meta) <= {"url", "headers", "expected", "notes"}
    assert set(meta["headers"]) == {"Content-Type"}
    url, exp = meta["url"], meta["expected"]
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.hostname
    assert any(h in parts.hostname for h in FAMILY_HOSTS[family]), (family, parts.hostname)
    assert isinstance(exp["is_article"], bool)
    if not exp["is_article"]:
        assert exp == {"is_article": False}
        return
    assert set(exp) == ARTICLE_KEYS
    if family in FAMILY_URL:
        assert any(re.search(p, url) for p in FAMILY_URL[family]), f"{url} does not match the {family} URL pattern"
    assert exp["title"] and exp["title"] == " ".join(exp["title"].split())
    assert PUBLISHED.match(exp["published"]), exp["published"]
    assert exp["date_source"] in ("printed", "meta", "url")
    assert exp["source"] is None or (isinstance(exp["source"], str) and exp["source"].strip() == exp["source"] != "")
    assert exp["byline"] is None or not exp["byline"].lower().startswith("by ")
    assert isinstance(exp["section"], list) and all(isinstance(s, str) and s.strip() == s != "" for s in exp["section"])
    for p in exp["photos"]:
        assert set(p) == {"src", "caption", "credit"}
        assert urlsplit(p["src"]).scheme in ("http", "https")
        assert p["caption"] is None or not re.search(r"\[Photo|\(Photo/|\.(jpe?g|png)", p["caption"], re.I)
    body = exp["body"]
    assert body == body.strip() and "\n\n\n" not in body
    for para in body.split("\n\n") if body else []:
        assert para and para == " ".join(para.split())
    if exp["date_source"] == "url":
        if family in ("F1", "F2"):
            d = re.search(r"/(\d{4})-(\d{2})/(\d{2})/", url).groups()
        elif family == "F4":
            d = re.search(r"/t(\d{4})(\d{2})(\d{2})_", url).groups()
        elif family == "F6":
            d = re.search(r"/(\d{4})(\d{2})(\d{2})/", url).groups()
        elif family == "F7":
            y, mo, da = re.search(r"/(\d{4})/(\d{1,2})/(\d{1,2})/", url).groups()
            d = (y, f"{int(mo):02d}", f"{int(da):02d}")
        else:
            y, mo = re.search(r"/(\d{4})(\d{2})/", url).groups()
            d = (y, mo)
        assert exp["published"] == "-".join(d)


@pytest.mark.parametrize("name", [n for n in _pages() if _meta(n)["expected"]["is_article"]])
def test_expected_values_are_visible_in_the_page(name):
    meta = _meta(name)
    exp = meta["expected"]
    text = _visible(_decode(name, meta["headers"]))
    assert exp["title"] in text
    for para in exp["body"].split("\n\n") if exp["body"] else []:
        assert para in text, para[:80]
    for p in exp["photos"]:
        if p["caption"]:
            assert p["caption"] in text
        if p["credit"]:
            assert p["credit"] in text
    for value in (exp["source"], exp["byline"], *exp["section"]):
        if value:
            assert value in text, value
