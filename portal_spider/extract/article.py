"""Layered article extraction for pages whose markup is unknown.

Each field is taken from the first layer that yields it, and the layer is
recorded in ``field_sources``:

``text``
    visible-text patterns of the CMS families: the date line under the
    headline (``english.guiyang.gov.cn |Updated: 2024-01-31 18:17:01``),
    ``Home> News`` breadcrumbs, ``By …`` bylines, ``[Photo/…]`` credits,
    footers and widgets to drop (:mod:`.patterns`).
``meta``
    standard metadata: ``<meta name="ArticleTitle|PubDate|ContentSource">``,
    ``og:*``, JSON-LD, ``<title>``.
``structure``
    document structure: the headline line, the smallest element holding most
    of the paragraph text after it, images next to their caption lines.
``url``
    the URL shape (a date in the path, the sibling pages of a multi-page article).
``script`` (the publication date only)
    a date an inline script writes into an empty date element: what a
    reader's browser prints there (``date_source`` ``printed``).
``headline``, ``asset``, ``listing`` (the publication date only)
    a full date printed in the headline or the line under it; the upload day in the
    article's own photo or attachment names; the date printed beside the article's
    link on the listing page (:func:`with_listing_date`, applied by the spider).

The publication date is taken from the first of: the printed date line,
metadata, the headline, the listing, the URL, the assets (``date_source``);
a day in the article's own URL comes before the headline's (the event's) and
the listing's, and a headline or asset date must fall inside a month the URL gives.
An element whose text is empty is never a date line, whatever its name.

CSS classes and ids are never read.
"""

from __future__ import annotations

import codecs
import functools
import json
import re
from bisect import bisect_left
from datetime import datetime
from zoneinfo import ZoneInfo
from urllib.parse import urljoin, urlsplit

from archive.cjk import CJK_CLASS
from archive.verdict import ERROR_BODY_MAX, error_page

from ..dates import NormalisedDate, date_from_asset, date_from_url, month_from_url, normalise_date
from ..families import FAMILIES, f1_sibling_pages, is_article_url, url_family
from ..urls import canonical_url
from . import patterns as pt
from .blocks import Block, join_wrapped, linearize, parse_html, squash, text_content
from .encoding import decode_html

EXTRACTOR_VERSION = 2
_BEIJING = ZoneInfo("Asia/Shanghai")

_TITLE_SPLIT = re.compile(r"\s+[-|_–—]+\s+|\s*_\s*|\s*\|\s*")
_BYLINE = re.compile(r"^[Bb]y\s+(?P<name>[^|()（）]{2,100}?)\s*(?:[(（]\s*(?P<source>[^()（）]{2,60}?)\s*[)）])?\s*$")
_LABEL_BEFORE = re.compile(
    r"(?i)(?:updated|date|time|release\s+time|dispatch\s+date|publish(?:ed)?(?:\s+(?:date|time))?|release\s+date|"
    r"发布时间|发布日期|时间|日期)\s*[:：]?\s*$"
)
_SOURCE_LABEL = re.compile(r"(?i)(?:source|from|origin|来源)\s*[:：]\s*(?P<value>.+?)(?=\s{2,}|\s+(?:read|print|editor)\b|$)")
_NAME_JOINERS = frozenset({"and", "&", "de", "van", "von", "la", "le"})
_BYLINE_PLACE = re.compile(r"\s+in\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?$")
#: families whose section (listing) pages have the article URL shape
_SHARED_WITH_LISTINGS = frozenset(f.id for f in FAMILIES.values() if f.listings_share_article_urls)
_META_LABEL = re.compile(
    r"(?i)^(?:index\s+(?:number|no\.?)|publish(?:ing)?\s+(?:organi[sz]ation|agency|unit)|issued\s+by|"
    r"issuing\s+(?:authority|organ|agency)|document\s+(?:number|no\.?)|file\s+(?:number|no\.?)|subject|"
    r"(?:topic\s+)?category|effective\s+date|validity|source|origin|from|发布机构|索引号|文号)\s*[:：]$"
)
_SOURCE_LABELS = re.compile(r"(?i)^(?:publish|issu|source|origin|from|发布机构)")
_TRAILER_SOURCE = re.compile(r"(?i)^(?:chinese\s+)?(?:source|from|origin)\s*[:：]\s*(?P<value>[^:：]{2,80})$")
_ATTACHMENT_LABEL = re.compile(r"(?i)^(?:attachments?|annex(?:es)?|appendix|download|related\s+(?:files?|documents?)|附件)\s*\d*\s*[:：]?")
_SENTENCE_ENDS = frozenset('.!?。！？"”’')
#: a publisher's name on a line of its own: capitalised, no sentence punctuation, no label
_PUBLISHER_LINE = re.compile(r"^[A-Z][^.!?:：|]{2,118}$")
#: an agency name printed after the date on its line: a few capitalised words, no digits or sentence
_NAME_AFTER_DATE = re.compile(r"^[A-Z][\w.&'’-]*(?: [\w.&'’-]+){0,5}$")
_WIDGET_TAIL = re.compile(r"(?i)\s*(?:\bL\s+M\s+S\b|\bPrint\b|Read\s*:\s*Degree|【.*|〖.*|\bfont\s*(?:larger|smaller|size)\b.*|\|)+\s*$")
_DOC_LINK = re.compile(r"(?i)\.(?:pdf|docx?|xlsx?|pptx?|wps|zip|rar|7z|txt|csv|ofd)(?:$|[?#&])")
_IMAGE_LINK = re.compile(r"(?i)\.(?:jpe?g|png|gif|bmp|webp)(?:$|[?#])")
_ICON_SRC = re.compile(r"(?i)(?:icon|logo|banner|share|qrcode|erweima|weixin|wechat|weibo|spacer|blank|btn|button|arrow|"
                       r"loading|search|nav|bg[_-]|print|close|/ico)")
#: a script that writes into the page, or names a publication date
_SCRIPT_WRITES_DATE = re.compile(r"(?i)document\.write|innerHTML|innerText|textContent|\.(?:text|html)\(|"
                                 r"\b(?:pub_?date|publish_?(?:date|time)|pub_?time|release_?(?:date|time)|fbsj|fbrq)\b")
_JS_STRING = re.compile(r"""(["'])((?:(?!\1)[^\\\n]){6,80})\1""")
_META_DATE_NAMES = ("pubdate", "publishdate", "article:published_time", "og:article:published_time",
                    "datepublished", "dc.date", "dc.date.issued", "publish_date", "firstpublishedtime", "date")


def _byline_name(match: re.Match | None) -> str | None:
    """The names of a ``By …`` byline, without the dateline place (``By X and Y in Guiyang`` -> ``X and Y``).

    None when the words are not names ("By the end of 2025, …" opens a sentence).
    """
    if match is None:
        return None
    name = _BYLINE_PLACE.sub("", match.group("name").strip())
    words = name.replace(",", " ").split()
    if not words or len(words) > 12 or any(not (w[:1].isupper() or w.lower() in _NAME_JOINERS) for w in words):
        return None
    return name


def _looks_like_date_line(line: str, found) -> bool:
    """A date line, not a sentence that mentions a date ("… a notice dated 2025-02-16, the …")."""
    rest = (line[: found.span[0]] + " " + line[found.span[1]:]).strip()
    words = rest.split()
    if re.search(r"[.!?\"”]$", rest) and len(words) >= 6:
        return False
    if not found.label and len(rest) > 80:
        return False
    return len(line) <= 220


_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
#: ASCII bytes: letters lower-cased, digits kept, everything else (and "_") a space
_ASCII_NORM = bytes((ord(chr(i).lower()) if chr(i).isalnum() else 32) if i < 128 else i for i in range(256))


def _norm(text: str) -> str:
    """Lower case, every run of non-word characters one space (compares headlines with titles).

    >>> _norm("  Guiyang's metro_line 3 -- opens! "), _norm("贵阳 · 地铁")
    ('guiyang s metro line 3 opens', '贵阳 地铁')
    """
    if text.isascii():  # the regex's result, with byte operations in C
        return b" ".join(text.encode("ascii").translate(_ASCII_NORM).split()).decode("ascii")
    return _NON_WORD.sub(" ", text.lower()).strip()


def _head(root) -> tuple[dict[str, str], list[dict], str, str | None]:
    """``(meta, JSON-LD items, document title, <base href>)`` in one pass over the tree.

    ``meta``: the first value of each ``<meta name|property|itemprop>`` (lower-cased
    key), and ``link:canonical`` from ``<link rel=canonical>`` unless a meta names it.
    """
    meta: dict[str, str] = {}
    ld: list[dict] = []
    title = canonical = base = None
    base_seen = False
    for el in root.iter("meta", "link", "script", "title", "base"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
            value = squash(el.get("content") or "")
            if key and value and key not in meta:
                meta[key] = value
        elif tag == "link":
            if canonical is None and (el.get("rel") or "").lower() == "canonical" and el.get("href"):
                canonical = el.get("href").strip()
        elif tag == "script":
            if (el.get("type") or "").lower() == "application/ld+json" and el.text:
                ld.extend(_ld_items(el.text))
        elif tag == "title":
            if title is None:
                title = squash(text_content(el))
        elif not base_seen:  # the first <base> counts, even without an href
            base, base_seen = el.get("href"), True
    if canonical is not None:
        meta.setdefault("link:canonical", canonical)
    return meta, ld, title or "", base


def _ld_items(text: str) -> list[dict]:
    """The objects of a JSON-LD script: the top object, each of a top list, or each of its ``@graph``.

    Anything else (not JSON, nested past the parser's depth, a ``@graph`` that is no list) gives none.

    >>> _ld_items('{"@graph": [{"headline": "A"}, 5]}'), _ld_items('{"@graph": 5}'), _ld_items("[" * 100000)
    ([{'headline': 'A'}], [], [])
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    if isinstance(data, dict) and "@graph" in data:
        data = data["@graph"]
    items = data if isinstance(data, list) else [data]
    return [i for i in items if isinstance(i, dict)]


class _Page:
    """One parsed page and the decisions taken on it."""

    def __init__(self, body: bytes, url: str, content_type: str | None):
        self.url = url
        self.text, self.encoding = decode_html(body, content_type)
        # valid UTF-8 (no BOM): libxml2 reads the bytes themselves
        self.root = parse_html(self.text, body if self.encoding == "utf-8" and not body.startswith(codecs.BOM_UTF8) else None)
        self.meta, self.ld, self.doc_title, base = _head(self.root) if self.root is not None else ({}, [], "", None)
        self.base = urljoin(url, base) if base else url
        self.family = url_family(url)
        if self.root is None:
            self.blocks: list[Block] = []
        else:
            body_el = self.root.find("body")
            self.blocks = linearize(body_el if body_el is not None else self.root)
        self.lines = [b for b in self.blocks if b.text]
        self.line_at = [b.index for b in self.lines]
        self.sources: dict[str, str] = {}
        self.used: set[int] = set()  # block indexes consumed by a field (not body)
        self._norms: dict[str, str] = {}
        self._dates: dict[str, NormalisedDate | None] = {}

    def date(self, text: str):
        """:func:`normalise_date`, once per distinct line of the page (the headline, date-line and label
        tests read the same lines; a line that sends it to dateparser costs milliseconds)."""
        try:
            return self._dates[text]
        except KeyError:
            found = self._dates[text] = normalise_date(text)
            return found

    def norm(self, text: str) -> str:
        """:func:`_norm`, once per distinct line of the page (title, caption and body tests ask again)."""
        norm = self._norms.get(text)
        if norm is None:
            norm = self._norms[text] = _norm(text)
        return norm

    def norm_in(self, text: str, norms) -> bool:
        """``self.norm(text) in norms``, without normalising a line (a long paragraph, say) whose
        first word starts none of them: a normal form's words are the line's lower-cased word runs."""
        if text not in self._norms:
            first = _WORD.search(text.lower())
            first = first.group() if first else ""
            if not any(n.partition(" ")[0] == first for n in norms):
                return False
        return self.norm(text) in norms

    # --- helpers -------------------------------------------------------------------------

    @functools.cached_property
    def anchors(self) -> list[tuple[str, object]]:
        """Every ``<a href>`` of the page, read once for siblings, attachments and the listing test."""
        if self.root is None:
            return []
        return [(href.strip(), a) for a in self.root.iter("a") if (href := a.get("href")) and href.strip()]

    def ld_value(self, *keys: str) -> str | None:
        for item in self.ld:
            for key in keys:
                value = item.get(key)
                if isinstance(value, dict):
                    value = value.get("name")
                if isinstance(value, list) and value:
                    value = value[0].get("name") if isinstance(value[0], dict) else value[0]
                if isinstance(value, str) and value.strip():
                    return squash(value)
        return None

    def texts(self, start: int = 0, stop: int | None = None) -> list[Block]:
        """The text lines among ``self.blocks[start:stop]`` (a slice of the list of them, cut in C)."""
        start, stop, _ = slice(start, stop).indices(len(self.blocks))
        return self.lines[bisect_left(self.line_at, start): bisect_left(self.line_at, stop)]

    # --- title ---------------------------------------------------------------------------

    def find_title(self) -> tuple[str | None, int | None]:
        """The headline: the line that matches the page's metadata titles, else the line above the date line.

        An exact match with ``ArticleTitle``/``og:title``/``<title>`` wins; a ``<title>``
        that only names the site (``Guiyang China``) matches no headline, or only the
        start of a footer line, so the line printed right above the date line
        (emphasised ones first) is taken instead; then an ``<h1>``/``<h2>``.
        """
        meta_titles = [t for t in (self.meta.get("articletitle"), self.meta.get("og:title"),
                                   self.meta.get("twitter:title"), self.ld_value("headline", "name")) if t]
        doc_parts = sorted((p for p in _TITLE_SPLIT.split(self.doc_title) if len(p) > 3), key=len, reverse=True)
        candidates = [self.norm(t) for t in meta_titles + ([self.doc_title] if self.doc_title else []) + doc_parts[:1]]
        candidates = [c for c in candidates if c]
        best: tuple[int, int] | None = None  # (score, index)
        for b in self.texts():
            if len(b.text) > 400 or b.link_density > 0.5:
                continue
            text = self.norm(b.text)
            if len(text) < 12:
                continue
            score = 0
            for cand in candidates:
                if text == cand:
                    score = max(score, 4)
                elif len(text) >= 12 and (cand.startswith(text) or text.startswith(cand + " ")):
                    score = max(score, 2)
            if not score:
                continue
            score += 2 if b.is_heading else 0
            if best is None or score > best[0]:
                best = (score, b.index)
        above, dated = self.headline_above_date()
        # an exact match wins, unless it is a short site-name line ("Guiyang China", a masthead)
        exact = best is not None and best[0] >= 4 and len(self.blocks[best[1]].text.split()) >= 4
        if above and (best is None or (best[1] != dated and best[1] not in above and not exact)):
            best = (1, above[0])
        elif not above and not exact and (best is None or best[0] < 4 or len(self.blocks[best[1]].text.split()) < 4):
            prominent = self.prominent_line()
            if prominent is not None:
                best = (1, prominent)
        if best is None:
            for level in ("h1", "h2"):
                for b in self.texts():
                    if b.tag == level and b.link_density < 0.5 and 8 <= len(b.text) <= 300 \
                            and not pt.parse_breadcrumb(b.text):
                        best = (0, b.index)
                        break
                if best:
                    break
        if best is not None:
            block = self.blocks[best[1]]
            title = block.text
            for cand in meta_titles + doc_parts[:1]:
                # "<headline> | Updated:2022-01-18": the headline shares its line with the date
                rest = title[len(cand):]
                if len(title) > len(cand) and self.norm(title).startswith(self.norm(cand) + " ") and self.norm(cand) \
                        and (rest.lstrip()[:1] in ("|", "(", "（", "-", "—") or self.date(rest)):
                    title = title[: len(cand)].strip() if title[: len(cand)].lower() == cand.lower() else cand
            self.sources["title"] = "structure"
            return title, best[1]
        if meta_titles:
            self.sources["title"] = "meta"
            return meta_titles[0], None
        return None, None

    def headline_above_date(self) -> tuple[list[int], int | None]:
        """Headline candidates above the first date line, best first, and the date line's index.

        Up to three lines above are considered (a publisher or source line may sit
        between); emphasised ones (heading, bold, larger font) come first, then the
        nearest.  Values of label lines (``Index number:`` ⏎ value) are not headlines.
        """
        lines = [b for b in self.texts() if b.link_density <= 0.3]
        for pos, b in enumerate(lines[:200]):
            if len(b.text) > 200 or pt.split_caption(b.text) or pt.parse_breadcrumb(b.text):
                continue
            found, text, _ = self._date_at(lines, pos)
            if not found or not (found.label or len(text) - len(found.raw) <= 60) or not _looks_like_date_line(text, found):
                continue
            if not self._text_follows(b.index):
                continue  # a masthead date ("Thursday, January 4, 2024" over the menu), not the article's
            before = text[: found.span[0]]
            first = _LABEL_BEFORE.sub("", before).split("|")[0].strip(" ()（）[]")
            if "|" in before and len(first.split()) >= 4 and not first.lower().startswith("by "):
                return [], b.index  # "<headline> | Updated:2022-01-18": the headline is on the date line itself
            above = []
            for k in range(pos - 1, max(-1, pos - 4), -1):
                prev = lines[k]
                if pt.parse_breadcrumb(prev.text) or self.date(prev.text) or pt.split_caption(prev.text):
                    break
                label_value = k > 0 and (_META_LABEL.match(lines[k - 1].text) or pt.LABEL_ONLY.match(lines[k - 1].text))
                if 8 <= len(prev.text) <= 300 and not (pt.JUNK.match(prev.text) or pt.LABEL_ONLY.match(prev.text)
                                                       or _META_LABEL.match(prev.text) or label_value):
                    above.append(prev)
            if not above:
                return [], b.index
            emphasised = [a for a in above if self._emphasised(a)]
            return [a.index for a in emphasised + [a for a in above if a not in emphasised]], b.index
        return [], None

    def prominent_line(self) -> int | None:
        """The first emphasised line of four words or more before the first paragraph (a headline with no date line)."""
        for b in self.texts():
            if len(b.text) >= 80 and b.link_density < 0.3 and not self._emphasised(b):
                return None  # the body has started
            if (b.link_density < 0.5 and 4 <= len(b.text.split()) <= 40 and self._emphasised(b)
                    and not (pt.parse_breadcrumb(b.text) or self.date(b.text) or pt.JUNK.match(b.text))):
                return b.index
        return None

    def _text_follows(self, index: int, within: int = 8) -> bool:
        """A paragraph (80+ characters, few links) or a photo comes within ``within`` lines after ``index``."""
        seen = 0
        for b in self.blocks[index + 1:]:
            if b.image is not None and self.is_photo(b):
                return True
            if not b.text:
                continue
            if len(b.text) >= 80 and b.link_density < 0.3:
                return True
            seen += 1
            if seen >= within:
                return False
        return False

    @staticmethod
    def _emphasised(b: Block) -> bool:
        """A heading, or a line whose whole text is bold or in a larger font."""
        if b.is_heading:
            return True
        for el in b.element.iter():
            if not isinstance(el.tag, str):
                continue
            style = (el.get("style") or "").lower().replace(" ", "")
            if (el.tag in ("b", "strong", "big") or (el.tag == "font" and el.get("size"))
                    or "font-weight:bold" in style or "font-size:" in style) and squash(text_content(el)) == b.text:
                return True
        return False

    # --- date line, source, byline ----------------------------------------------------------

    def find_date_line(self, title_idx: int | None, title: str | None = None):
        """The printed date line: first short line with a full date right after the headline.

        A date inside the headline itself (``MOFCOM Regular Press Conference (July 11,
        2024)``: the event) is not the publication date; one printed after the
        headline on its line (``<headline> | Updated:…``, ``… ( 2026.01.14 )``) is.
        """
        if title_idx is None:
            scan = [b for b in self.texts() if len(b.text) <= 200]
            labelled_only = True
        else:
            scan = list(self.texts(title_idx, title_idx + 14))
            labelled_only = False
        for pos, b in enumerate(scan):
            if len(b.text) > 250:
                break  # the body has started
            if pt.split_caption(b.text) or pt.parse_breadcrumb(b.text):
                continue
            found, text, used = self._date_at(scan, pos)
            if found and b.index == title_idx and not found.label and title and found.span[0] < len(title):
                continue  # the event date in the headline
            if found and (not labelled_only or found.label) and _looks_like_date_line(text, found):
                return found, text, used
        if title_idx is not None:  # a labelled date just above the headline (label blocks: value on the next line)
            above = list(self.texts(max(0, title_idx - 6), title_idx))
            for pos in range(len(above)):
                found, text, used = self._date_at(above, pos)
                if found and found.label and len(text) <= 200:
                    return found, text, used
        return None, None, []

    def _date_at(self, scan: list[Block], pos: int):
        """The date read at ``scan[pos]``, joined with the next line when the line is a bare label."""
        b = scan[pos]
        text, used = b.text, [b.index]
        if pt.LABEL_ONLY.match(text) and pos + 1 < len(scan):
            text = f"{text}\n{scan[pos + 1].text}"
            used.append(scan[pos + 1].index)
        return self.date(text), text, used

    @staticmethod
    def parse_date_line(line: str, found, title: str | None) -> tuple[str | None, str | None]:
        """``(source, byline)`` printed around the date on its line."""
        before, after = line[: found.span[0]], line[found.span[1]:]
        before = _LABEL_BEFORE.sub("", before)
        source = byline = None
        for token in before.split("|"):
            by = _BYLINE.match(token.strip(" \t\n,;:"))  # "by HU ZHONGXIONG (China Daily)"
            token = token.strip(" \t\n()（）[]【】,;:").strip()
            if not token or (title and _norm(token) == _norm(title)):
                continue
            if by and _byline_name(by):
                byline = _byline_name(by)
                source = source or (by.group("source") or "").strip() or None
                continue
            labelled = _SOURCE_LABEL.search(token)
            if labelled:
                token = labelled.group("value").strip()
            token = _WIDGET_TAIL.sub("", token).strip(" ()（）")
            if token and len(token) <= 100 and not source and token not in pt.PLACES:
                source = token  # (a bare place name, "Beijing | 10 a.m. June 5, 2024", is a dateline)
        labelled = _SOURCE_LABEL.search(after)
        if labelled:
            value = _WIDGET_TAIL.sub("", labelled.group("value")).strip(" ,;()（）")
            if value:
                source = value
        elif not source:
            value = _WIDGET_TAIL.sub("", after).strip(" ,;|()（）")
            if _NAME_AFTER_DATE.match(value) and not pt.JUNK.match(value) and value not in pt.PLACES:
                source = value
        return source, byline

    def script_date(self):
        """The date an inline script writes into the page (``….innerHTML = "2020-07-03 19:30"``,
        ``document.write("2020-07-03")``, ``var pubDate = "2020-07-03"``): short scripts only, and
        only those that write into the page or name a publication date."""
        if self.root is None:
            return None
        for script in self.root.iter("script"):
            text = script.text or ""
            if script.get("src") or not 10 <= len(text) <= 2000 or not _SCRIPT_WRITES_DATE.search(text):
                continue
            for literal in _JS_STRING.finditer(text):
                found = self.date(literal.group(2))
                if found:
                    return found
        return None

    def headline_date(self, title: str, title_idx: int | None):
        """A full date printed in the headline (``… on July 3, 2020``, ``… (July 11, 2024)``,
        ``2024年7月11日``) or in a short line right under it (a subtitle): the day of the
        event the article reports, the best date left when nothing else is printed."""
        found = self.date(title)
        if found:
            return found
        if title_idx is None:
            return None
        for b in self.texts(title_idx + 1, title_idx + 3):
            if len(b.text) > 160:
                break
            found = self.date(b.text)
            if found:
                return found
        return None

    def asset_date(self, photos: list[dict], stop: int):
        """The upload day in the names of the article's own photos, else of the files it links
        (TRS ``W0YYYYMMDD…`` / ``P0YYYYMMDD…``, ``/YYYYMMDD/`` folders): the first one read."""
        today = _today()
        for p in photos:
            found = date_from_asset(urljoin(self.base, p["src"]), not_after=today)
            if found:
                return found
        for href, _ in self.anchors:
            if _DOC_LINK.search(href) or _IMAGE_LINK.search(href):
                found = date_from_asset(urljoin(self.base, href), not_after=today)
                if found:
                    return found
        return None

    # --- photos ---------------------------------------------------------------------------

    def is_photo(self, b: Block) -> bool:
        img = b.image
        if not img or not img["src"] or img["src"].startswith("data:"):
            return False
        for dim in (img["width"], img["height"]):
            size = (dim or "").strip().rstrip("px")
            if size.isascii() and size.isdigit() and int(size) < 60:  # "²" is a digit to isdigit() alone
                return False
        if _ICON_SRC.search(img["src"].rsplit("/", 1)[-1]):
            return False
        href = img["href"]
        if href and not _IMAGE_LINK.search(href) and urljoin(self.url, href).split("#")[0] != self.url.split("#")[0]:
            return False  # a thumbnail linking to another page (carousel, related story)
        return True

    @staticmethod
    def _centered(el) -> bool:
        """Captions are commonly centred under their photo; body paragraphs are not."""
        for node in (el, el.getparent()):
            if node is None or not isinstance(node.tag, str):
                continue
            style = (node.get("style") or "").lower().replace(" ", "")
            if (node.get("align") or "").lower() == "center" or "text-align:center" in style \
                    or node.tag in ("center", "figcaption", "figure"):
                return True
        return False

    def find_photos(self, start: int, stop: int, title: str | None = None) -> list[dict]:
        photos: list[dict] = []
        last_photo_at = -10
        seen_captions: set[str] = set()
        for b in self.blocks[start:stop]:
            if b.image is not None:
                if self.is_photo(b):
                    orphan = photos[-1] if photos and photos[-1]["src"] is None else None
                    if orphan and not any(x.text for x in self.blocks[orphan["_cap_at"] + 1: b.index]):
                        # the caption was printed right before its image
                        orphan.update(src=urljoin(self.base, b.image["src"]), _el=b.element, _at=b.index)
                        last_photo_at = -10
                        continue
                    photos.append({"src": urljoin(self.base, b.image["src"]), "caption": None, "credit": None,
                                   "_el": b.element, "_at": b.index})
                    last_photo_at = b.index
                continue
            if pt.is_file_name(b.text) or (title and self.norm_in(b.text, (self.norm(title),))):
                # a file name, or the headline printed again as the image's alt text (F2), before a caption
                self.used.add(b.index)
                continue
            split = pt.split_caption(b.text) if len(b.text) <= 600 else None
            pending = photos and photos[-1]["caption"] is None and b.index - last_photo_at <= 3
            if split:
                caption, credit = split
                self.used.add(b.index)
                if self.norm(caption) in seen_captions:
                    continue
                seen_captions.add(self.norm(caption))
                if pending:
                    photos[-1].update(caption=caption or None, credit=credit)
                else:
                    photos.append({"src": None, "caption": caption or None, "credit": credit, "_el": None, "_at": None,
                                   "_cap_at": b.index})
            elif pending and b.index - last_photo_at <= 2 and len(b.text) <= 300 and b.link_density < 0.5 and (
                    b.element is photos[-1]["_el"] or self._centered(b.element)) and not pt.JUNK.match(b.text):
                caption = pt.clean_caption(b.text)
                photos[-1]["caption"] = caption
                seen_captions.add(self.norm(caption))
                self.used.add(b.index)
            elif seen_captions and self.norm_in(b.text, seen_captions):
                self.used.add(b.index)  # a caption printed again
        return photos

    def uncredited_captions(self, photos: list[dict], body: list[Block], start: int) -> list[Block]:
        """Captions without a credit that sit outside the usual place (after the image), taken out of the body.

        * the article's last line right after its last photo (Shenzhen: photo and caption after the body);
        * the first line under the date line right before a photo (Shaanxi: caption, then the photo).
        """
        def short(b: Block) -> bool:
            return len(b.text) <= 200 and b.link_density < 0.5

        bare = [p for p in photos if p["_at"] is not None and p["caption"] is None]
        if not bare or not body:
            return body
        last, first = body[-1], body[0]
        photo = bare[-1]
        between = [b for b in self.blocks[photo["_at"] + 1: last.index] if b.text or b.image]
        if len(body) > 1 and photo["_at"] < last.index and not between and short(last):
            photo["caption"] = pt.clean_caption(last.text)
            self.used.add(last.index)
            body = body[:-1]
        photo = bare[0]
        between = [b for b in self.blocks[first.index + 1: photo["_at"] or 0] if b.text or b.image]
        if (len(body) > 1 and photo["caption"] is None and first.index < (photo["_at"] or 0) and not between
                and short(first) and not any(b.text for b in self.blocks[start: first.index])):
            photo["caption"] = pt.clean_caption(first.text)
            self.used.add(first.index)
            body = body[1:]
        return body

    # --- body -----------------------------------------------------------------------------

    def is_content(self, b: Block, title: str | None) -> bool:
        if b.image is not None or b.index in self.used or b.link_density > 0.5:
            return False
        text = b.text
        return not (
            pt.JUNK.match(text) or pt.is_file_name(text) or pt.is_pager_row(text)
            or pt.LABEL_ONLY.match(text) or pt.parse_breadcrumb(text)
            or (title and self.norm_in(text, (self.norm(title),))) or pt.split_caption(text)
            or (len(text) <= 300 and pt.is_terminal(text))
        )

    def body_region(self, start: int) -> int:
        """Index where the article's text ends: the first footer or related-list line after it began."""
        begun = False
        for b in self.texts(start):
            terminal = pt.is_terminal(b.text)
            if begun and terminal and len(b.text) <= 400:
                return b.index
            if len(b.text) >= 40 and b.link_density < 0.3 and not terminal:
                begun = True
        return len(self.blocks)

    def find_body(self, start: int, stop: int, title: str | None) -> list[Block]:
        """The article's paragraphs: the element that holds the densest run of paragraph text.

        Each content line scores its length for the element that holds its
        paragraph and half for the one above (readability's rule), so a long
        unlinked sidebar box elsewhere cannot drag the choice up to the page
        root.  Sibling elements with a good share of text (a body split by a
        photo) join it; a side box that opens with its own heading does not.
        """
        content = [b for b in self.texts(start, stop) if self.is_content(b, title)]
        if not content:
            return []
        score: dict[object, float] = {}
        for b in content:
            holder = b.element.getparent() if b.tag in ("p", "span", "font", "li") else b.element
            if holder is None:
                holder = b.element
            score[holder] = score.get(holder, 0) + len(b.text)
            parent = holder.getparent()
            if parent is not None:
                score[parent] = score.get(parent, 0) + len(b.text) / 2
        best = max(score, key=lambda el: score[el])
        parent = best.getparent()
        if parent is None:
            return content  # the root: every line is inside it
        # the child of ``parent`` that holds each line, found in one climb per line
        held: dict[object, list[Block]] = {}
        for b in content:
            el = b.element
            while el is not None:
                up = el.getparent()
                if up is parent:
                    held.setdefault(el, []).append(b)
                    break
                el = up
        chosen = [held[best]]
        best_chars = sum(len(b.text) for b in chosen[0])
        for sibling in parent:
            members = held.get(sibling) if sibling is not best else None
            if members and sum(len(b.text) for b in members) >= 0.3 * best_chars and not members[0].is_heading \
                    and any(b.text.rstrip()[-1:] in _SENTENCE_ENDS for b in members):  # a paragraph, not a site-name line
                chosen.append(members)
        first, last = min(m[0].index for m in chosen), max(m[-1].index for m in chosen)
        # short lines between the chosen paragraphs stay (a one-line paragraph in another wrapper)
        return [b for b in content if first <= b.index <= last]

    # --- label blocks -----------------------------------------------------------------------

    def label_blocks(self, title_idx: int | None, stop: int) -> list[tuple[str, str]]:
        """``(label, value)`` of metadata printed as a label line with its value on the next line.

        ``Index number:`` ⏎ ``000014453/2015-00123`` ⏎ ``Dispatch date:`` ⏎ ``2015-07-20`` ⏎
        ``Publish organization:`` ⏎ ``…`` (SAFE), a trailing ``Date:`` ⏎ ``June 5, 2024``
        (SCIO).  Both lines leave the body.  A date label takes only a date value.
        """
        found: list[tuple[str, str]] = []
        lines = list(self.texts(max(0, title_idx - 8) if title_idx is not None else 0, stop))
        for b, value in zip(lines, lines[1:]):
            match = _META_LABEL.match(b.text) or pt.LABEL_ONLY.match(b.text)
            if not match or len(value.text) > 120 or value.link_density > 0.5 or _META_LABEL.match(value.text):
                continue
            label = b.text.rstrip(" :：")
            dated = self.date(value.text)
            if pt.LABEL_ONLY.match(b.text) and not (dated and len(value.text) - len(dated.raw) <= 3):
                continue
            self.used.update((b.index, value.index))
            found.append((label, value.text))
        return found

    # --- attachments ----------------------------------------------------------------------

    def find_attachments(self, body: list[Block], stop: int) -> list[dict]:
        """Links to documents (PDF, DOC, XLS ...) in the body or in the lines that list them right after it."""
        if not body or self.root is None:
            return []
        links = [(urljoin(self.base, href), squash(text_content(a)))
                 for href, a in self.anchors if _DOC_LINK.search(href)]
        if not links:
            return []
        lo, hi = body[0].index, body[-1].index
        for b in self.texts(hi + 1, stop):  # "Attachment: <link>", "Download: <link>" lines after the body
            if _ATTACHMENT_LABEL.match(b.text) or any(text and text in b.text for _, text in links):
                hi = b.index
            else:
                break
        attachments, seen = [], set()
        for href, text in links:
            if href not in seen and any(text and text in b.text for b in self.blocks[lo: hi + 1]):
                seen.add(href)
                attachments.append({"url": href, "text": text})
        return attachments

    # --- non-articles ---------------------------------------------------------------------------

    def rejection(self, title: str | None, body: list[Block], photos: list[dict], dated: bool) -> tuple[str, str] | None:
        """``(outcome, reason)`` when the page is not shown to be an article, else None.

        An article has a headline and a body of prose (or captioned photos), and reads as
        no error, soft-404, maintenance or challenge page (:func:`archive.verdict.error_page`).
        Those pages, and empty ones, are transient (``blocked-challenge``, ``soft-error``,
        ``empty-page``: the URL is fetched again later); a listing, or a page with text and
        no headline, is ``not-article``.
        """
        all_text = " ".join(b.text for b in self.blocks)
        if len(all_text) < 3000 and (pt.is_challenge(all_text) or pt.is_challenge(self.doc_title)
                                     or pt.CHALLENGE_SCRIPT.search(self.text)):
            return "blocked-challenge", "challenge page"
        if not all_text.strip():
            if "<script" in self.text.lower():
                return "blocked-challenge", "no visible text without JavaScript"
            return "soft-error", "empty page"
        body_text = "\n".join(b.text for b in body)
        why = error_page(title, body_text, self.doc_title) or (
            error_page(None, all_text) if not body_text and len(all_text) <= ERROR_BODY_MAX else None)
        if why:
            return "soft-error", why
        if not title or not _WORD.search(title):
            return "not-article", "no headline"
        captioned = any(p["caption"] for p in photos)
        if not body and not captioned:
            return "empty-page", "empty page"
        if self.family is None and (not dated or sum(len(b.text) for b in body) < 600):
            # only a page whose own URL is not an article's can be a listing: count its article links
            article_links = {url for href, _ in self.anchors
                             if (url := urljoin(self.url, href)) != self.url and is_article_url(url)}
            if len(article_links) >= 5:
                return "not-article", "listing page"
        if self.family in _SHARED_WITH_LISTINGS and not dated:
            return "not-article", "listing page"  # F10 section pages share the article URL shape; articles print a date line
        if not captioned and not any(_is_prose(b.text) for b in body):
            return "empty-page", "no article text"
        return None


_CJK = re.compile(f"[{CJK_CLASS}]")


def _is_prose(line: str) -> bool:
    """A line of article text: four words or more, or ten Chinese characters.

    >>> _is_prose("nginx"), _is_prose("Line 3 opens today."), _is_prose("贵阳市地铁三号线今天开通运营")
    (False, True, True)
    """
    return len(line.split()) >= 4 or len(_CJK.findall(line)) >= 10


def _today() -> str:
    """Today in Beijing (an asset named after a later day is a typo, not a date)."""
    return datetime.now(_BEIJING).date().isoformat()


def with_listing_date(data: dict, listing_date: dict | None) -> dict:
    """``data`` (an extracted page) dated by the date printed beside its link on the listing page,
    when the page itself gave none better than its URL's month or its assets (``date_source``
    ``listing``); a day in the article's own URL is kept.

    >>> page = {"published": "2020-07", "published_utc": None, "date_precision": "month", "date_raw": "202007",
    ...         "date_source": "url", "field_sources": {"published": "url"}}
    >>> d = with_listing_date(page, {"iso": "2020-07-03", "utc": None, "precision": "day", "raw": "2020-07-03"})
    >>> d["published"], d["date_source"], d["field_sources"]["published"]
    ('2020-07-03', 'listing', 'listing')
    >>> with_listing_date({**page, "date_source": "printed"}, {"iso": "2020-07-03"})["date_source"]
    'printed'
    >>> with_listing_date({**page, "date_precision": "day"}, {"iso": "2020-07-03"})["date_source"]
    'url'
    >>> with_listing_date(page, {"iso": "2021-01-05"})["published"]
    '2020-07'
    """
    source = data.get("date_source")
    if not listing_date or source not in (None, "url", "asset") or source == "url" and data.get("date_precision") == "day":
        return data
    if source == "url" and not listing_date["iso"].startswith(data["published"]):
        return data  # a listing date outside the month the URL gives belongs to another item
    data = dict(data, published=listing_date["iso"], published_utc=listing_date.get("utc"),
                date_precision=listing_date.get("precision", "day"), date_raw=listing_date.get("raw"),
                date_source="listing")
    data["field_sources"] = dict(data.get("field_sources") or {}, published="listing")
    return data


def extract_page(body: bytes, url: str, headers: dict[str, str] | None = None) -> dict:
    """Extract one page.  See :func:`portal_spider.extract.extract_article`."""
    content_type = None
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            content_type = value
    page = _Page(body, url, content_type)
    title, title_idx = page.find_title()

    found, line, date_blocks = page.find_date_line(title_idx, title)
    published = date_raw = date_source = None
    source = byline = None
    if found:
        published, date_raw, date_source = found, found.raw, "printed"
        page.sources["published"] = "text"
        page.used.update(date_blocks)
        if title is None and found.span[0] > 12:
            # "<headline> | Updated:2022-01-18" with no other headline signal
            guess = line[: found.span[0]].split("|")[0].strip()
            if len(guess) >= 12:
                title, title_idx = guess, date_blocks[0]
                page.sources["title"] = "text"
        source, byline = page.parse_date_line(line, found, title)
    if published is None:
        found = page.script_date()
        if found:  # an empty date element that a script fills: what a reader's browser prints there
            published, date_raw, date_source = found, found.raw, "printed"
            page.sources["published"] = "script"
    if published is None:
        for name in _META_DATE_NAMES:
            value = page.meta.get(name)
            found = normalise_date(value) if value else None
            if found:
                published, date_raw, date_source = found, value, "meta"
                page.sources["published"] = "meta"
                break
        else:
            value = page.ld_value("datePublished", "dateCreated")
            found = normalise_date(value) if value else None
            if found:
                published, date_raw, date_source = found, value, "meta"
                page.sources["published"] = "meta"
    in_url = date_from_url(url) or month_from_url(url)  # a day, else only a month ("/202407/")
    if published is None and title and (in_url is None or in_url.precision != "day"):
        # the URL's own day is the CMS's publication day; a headline's date is the event's, so it
        # serves only where the URL holds no day (and inside the URL's month when it holds one)
        found = page.headline_date(title, title_idx)
        if found and (in_url is None or found.iso.startswith(in_url.iso)):
            published, date_raw, date_source = found, found.raw, "headline"
            page.sources["published"] = "headline"

    if title is None and page.doc_title and (page.family is not None or date_source == "printed"):
        # no headline printed (PDF-derived pages): the document title, without a site suffix
        parts = [p for p in _TITLE_SPLIT.split(page.doc_title) if len(p) > 3]
        title = max(parts, key=len) if parts else page.doc_title
        page.sources["title"] = "meta"

    # breadcrumb: before the headline (or anywhere near the top when there is none)
    section: list[str] = []
    crumb_stop = (title_idx if title_idx is not None else 0) + 4
    for b in page.texts(0, crumb_stop):
        crumbs = pt.parse_breadcrumb(b.text)
        if crumbs:
            section = crumbs
            page.used.add(b.index)
            page.sources["section"] = "text"
    if not section:
        for b in page.texts(0, crumb_stop):
            # bulleted trails: one list item per crumb ("• Home" "• >" "• Government" "• Work report")
            if b.text.strip("• ").lower() not in ("home", "首页") or not b.text.startswith("•"):
                continue
            run = []
            for x in page.blocks[b.index: b.index + 16]:
                if not x.text:
                    continue
                if not x.text.startswith("•") or len(x.text) > 60:
                    break
                run.append(x)
            crumbs = [c for c in (x.text.strip("• ").strip() for x in run) if c and c not in (">", "›", "»", ">>")]
            if len(crumbs) >= 2:
                section = crumbs
                page.used.update(x.index for x in run)
                page.sources["section"] = "text"
                break

    start = max([title_idx if title_idx is not None else -1, *date_blocks]) + 1
    # byline and source lines between the headline and the body
    for b in page.texts(start if title_idx is None else title_idx + 1, start + 4):
        by = _BYLINE.match(b.text)
        if by and len(b.text) <= 120 and _byline_name(by):
            byline = byline or _byline_name(by)
            source = source or (by.group("source") or "").strip() or None
            page.used.add(b.index)
            page.sources["byline"] = "text"
            start = max(start, b.index + 1)
            continue
        labelled = _SOURCE_LABEL.match(b.text)
        if labelled and len(b.text) <= 120 and not source:
            source = _WIDGET_TAIL.sub("", labelled.group("value")).strip()
            page.used.add(b.index)
        elif (not source and date_blocks and title_idx is not None and title_idx < b.index < date_blocks[0]
              and _PUBLISHER_LINE.match(b.text) and not pt.split_caption(b.text)):
            source = b.text  # a publisher line between the headline and the date line (Beijing)
            page.used.add(b.index)
    if source:
        page.sources["source"] = "text"
    if not source and page.meta.get("contentsource"):
        source = page.meta["contentsource"]
        page.sources["source"] = "meta"
    if not byline:
        author = page.meta.get("author") or page.ld_value("author")
        if author and len(author) <= 80 and not author.lower().startswith("http"):
            byline = author
            page.sources["byline"] = "meta"

    stop = page.body_region(start)
    for label, value in page.label_blocks(title_idx, stop):
        if not source and _SOURCE_LABELS.match(label):
            source = value  # "Publish organization:" ⏎ <value> (SAFE)
            page.sources["source"] = "text"
    photos = page.find_photos(start, stop, title)
    body_blocks = page.uncredited_captions(photos, page.find_body(start, stop, title), start)
    for p in photos:
        for key in ("_el", "_at", "_cap_at"):
            p.pop(key, None)
    if not source:  # a trailer after the body: "Source: …", "Chinese source: …"
        for b in page.texts(start, stop):
            trailer = _TRAILER_SOURCE.match(b.text) if len(b.text) <= 120 else None
            if trailer:
                source = trailer.group("value").strip()
                page.sources["source"] = "text"
                break
    if photos:
        page.sources["photos"] = "structure"
    if body_blocks:
        page.sources["body"] = "structure"

    if published is None:
        found = in_url
        asset = page.asset_date(photos, stop) if found is None or found.precision != "day" else None
        if asset and (found is None or asset.iso.startswith(found.iso)):  # a day inside the URL's month
            published, date_raw, date_source = asset, asset.raw, "asset"
            page.sources["published"] = "asset"
        elif found:
            published, date_raw, date_source = found, found.raw, "url"
            page.sources["published"] = "url"

    page_no, siblings = f1_sibling_pages(url, [href for href, _ in page.anchors])
    next_pages = siblings if page_no == 1 else []
    if next_pages:
        page.sources["pages"] = "url"

    attachments = page.find_attachments(body_blocks, stop)
    if attachments:
        page.sources["attachments"] = "structure"

    reject = page.rejection(title, body_blocks, photos, date_source == "printed")
    return {
        "is_article": reject is None,
        "reject_outcome": reject[0] if reject else None,
        "reject_reason": reject[1] if reject else None,
        "url": url,
        "canonical_url": canonical_url(url),
        "title": title,
        "published": published.iso if published else None,
        "published_utc": published.utc if published else None,
        "date_precision": published.precision if published else None,
        "date_raw": date_raw,
        "date_source": date_source,
        "byline": byline,
        "source": source,
        "section": section,
        "photos": photos,
        "body": "\n\n".join(join_wrapped(
            [(b.text, b.soft_break and i > 0 and body_blocks[i - 1].element is b.element)
             for i, b in enumerate(body_blocks)])),
        "attachments": attachments,
        "page": page_no,
        "pages": 1 + len(next_pages),
        "next_pages": next_pages,
        "encoding": page.encoding,
        "field_sources": page.sources,
        "extractor_version": EXTRACTOR_VERSION,
    }
