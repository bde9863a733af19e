"""The extractor never raises and never returns control characters, whatever the page (hypothesis).

Random markup around headline/date/paragraph lines, hostile charsets in the header and in
``<meta>`` (``base64``, ``hex``, ``rot13`` are codecs Python knows but no text encodings),
JSON-LD of any shape (``{"@graph": 5}``, nested past the parser's depth), control characters
and terminal escapes in the text, and plain random bytes.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal_spider.extract import extract_article

URL = "https://english.guiyang.gov.cn/2024-06/01/c_3000001.htm"
CHARSETS = ["utf-8", "gbk", "gb2312", "big5", "latin-1", "utf-16", "base64", "hex", "rot13", "rot-13", "uu", "zlib",
            "punycode", "idna", "utf-7", "unicode_escape", "undefined", "x-unknown", "", "utf-8; q=0.5", "\"utf-8"]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

TAGS = ["p", "div", "span", "h1", "h2", "b", "font", "td", "li", "a", "br", "img", "center", "table", "script", "style",
        "title", "meta", "base", "noscript", "iframe", "svg", "pre", "figure", "figcaption"]
LINES = ["Guiyang opens metro line 3", "english.guiyang.gov.cn |Updated: 2024-01-31 18:17:01", "Home> News",
         "The third metro line opened on Wednesday, linking the north and south of the city.", "By Li Hua (China Daily)",
         "[Photo/guiyang.gov.cn]", "1 2 3 ... 7 >", "Source: Xinhua", "Date:", "2015-07-20", "502 Bad Gateway", "nginx",
         "页面不存在", "Just a moment...", "贵阳市人民政府", "Metro\x1b[31m line\x07 3\x00 opens", "\u202e\u200b\ufeff",
         "Attachment: plan.pdf", "Updated: Aug 15,2016 2:09 PM"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["@graph", "@type", "headline", "name", "datePublished", "author", "x"]), children, max_size=4),
    max_leaves=20)
json_ld = st.one_of(
    json_values.map(json.dumps),
    st.just('{"@graph": 5}'), st.just('{"@graph": {"headline": 5}}'), st.just('[{"author": [5]}, {"author": {"name": []}}]'),
    st.integers(1, 200_000).map(lambda n: "[" * n + "]" * n),
    st.integers(1, 50_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.text(max_size=40),
)


@st.composite
def elements(draw, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = draw(st.lists(st.sampled_from([
        'href="/2024-06/01/c_3000001_2.htm"', 'href="javascript:alert(1)"', 'src="/a.jpg"', 'src="data:x"',
        'width="²"', 'height="10px"', 'style="font-weight:bold"', 'align="center"', 'rel="canonical"',
        'name="PubDate" content="2024-13-45"', 'property="og:title" content="\x1b[2J"', 'charset="base64"',
        'type="application/ld+json"', 'size="5"']), max_size=3))
    inner = draw(st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=30)), max_size=3))
    children = draw(st.lists(elements(depth + 1), max_size=3)) if depth < 4 else []
    text = " ".join(inner)
    if tag == "script" and "application/ld+json" in " ".join(attrs):
        text = draw(json_ld)
    return f"<{tag} {' '.join(attrs)}>{text}{''.join(children)}</{tag}>"


@st.composite
def pages(draw) -> tuple[bytes, dict | None]:
    charset = draw(st.sampled_from(CHARSETS))
    head = draw(st.sampled_from(["", f'<meta charset="{charset}">', f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">']))
    ld = draw(st.lists(json_ld, max_size=2))
    scripts = "".join(f'<script type="application/ld+json">{x}</script>' for x in ld)
    body = "".join(draw(st.lists(elements(), max_size=6)))
    html = f"<html><head>{head}{scripts}<title>{draw(st.sampled_from(LINES))}</title></head><body>{body}</body></html>"
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"]))
    raw = html.encode(encoding, "replace") if encoding != "latin-1" else html.encode("latin-1", "replace")
    headers = draw(st.sampled_from([None, {"Content-Type": f"text/html; charset={draw(st.sampled_from(CHARSETS))}"},
                                    {"content-type": "application/octet-stream"}]))
    return raw, headers


def check(result: dict) -> None:
    assert isinstance(result["is_article"], bool)
    for key in ("title", "body", "byline", "source"):
        assert result[key] is None or not CONTROL.search(result[key]), (key, result[key])
    for photo in result["photos"]:
        assert not CONTROL.search(photo["caption"] or ""), photo
    if result["is_article"]:
        assert result["title"] and result["reject_outcome"] is None
    else:
        assert result["reject_outcome"] in ("not-article", "empty-page", "soft-error", "blocked-challenge")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pages())
def test_random_pages_never_raise(page):
    raw, headers = page
    check(extract_article(raw, URL, headers))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4000), st.sampled_from(CHARSETS))
def test_random_bytes_never_raise(raw, charset):
    check(extract_article(raw, URL, {"Content-Type": f"text/html; charset={charset}"}))


def test_the_cases_that_raised_before():
    page = (b'<html><head><meta charset="base64"><script type="application/ld+json">{"@graph": 5}</script>'
            b'<script type="application/ld+json">' + b"[" * 100_000 + b"]" * 100_000 + b"</script>"
            b"<title>Metro\x1b[31m opens</title></head><body><h1>Guiyang metro\x1b[31m line 3 opens\x07</h1>"
            b"<div>english.guiyang.gov.cn |Updated: 2024-01-31 18:17:01</div>"
            b"<p>The third metro line opened on Wednesday,\x08 linking the north and south of the city.</p></body></html>")
    for charset in ("hex", "rot13"):
        result = extract_article(page, "https://english.guiyang.gov.cn/2024-01/31/c_1.htm",
                                 {"Content-Type": f"text/html; charset={charset}"})
        assert (result["title"], result["published"], result["encoding"]) == (
            "Guiyang metro line 3 opens", "2024-01-31T18:17:01+08:00", "utf-8")
        assert result["body"] == "The third metro line opened on Wednesday, linking the north and south of the city."
