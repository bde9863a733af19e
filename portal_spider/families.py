"""The CMS families of the English gov.cn portals, as one table (catalogue: ``docs/families.md``).

Pure (no Scrapy): the spiders, the extractor, :mod:`portal_spider.dates`, the
registry and the ``new-portal`` scaffold all read :data:`FAMILIES`, so what a
family is is written here once:

``spider_base``
    the name of its base spider in :mod:`portal_spider.spiders.base`, which
    walks its listings (:meth:`next_listing_url`, the pager) and documents its
    date lines and captions (a name, not the class: this table sits below the
    spiders and never imports Scrapy).
``article_urls``
    its article URL shapes, regexes searched in a URL's path (or
    ``path?query``).  Named groups ``y``, ``m``, ``d`` mark where a shape
    carries the publication date; :func:`portal_spider.dates.date_from_url`
    reads them.  F9 has none: each of its portals declares ``article_pattern``.
``url_dates``
    further dated URL shapes (same groups) that are not the family's article
    shapes: wider spellings, mirrors, one-off portals of F9.
``listings_share_article_urls``
    its section pages have the article URL shape (F10): such a page without a
    printed date is a listing, not an article.
``signatures``
    what its pages show whatever their template: asset names, pager scripts,
    footers, generator lines (regexes searched in the page's HTML);
    :func:`recognise_family` weighs them with the URL shapes.

Articles of F1 and F2 may run over sibling pages ``c_<id>_N.htm`` /
``content_<id>_N.htm`` (:func:`f1_sibling_pages`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


@dataclass(frozen=True)
class Family:
    """One CMS family: its URL grammar, its base spider and its extraction hooks (see the module doc)."""

    id: str
    cms: str
    spider_base: str
    article_urls: tuple[str, ...] = ()
    url_dates: tuple[str, ...] = ()
    listings_share_article_urls: bool = False
    signatures: tuple[tuple[str, str], ...] = ()  # (what it is, regex searched in the page's HTML)
    #: article shapes other CMSs share (weak evidence of the family: weight 1, not 3)
    shared_shapes: tuple[str, ...] = ()
    #: every article shape as one regex (groups unnamed), or None (F9)
    article_pattern: re.Pattern | None = field(init=False, repr=False, compare=False)
    #: the shapes that date a URL, in the order :func:`portal_spider.dates.date_from_url` tries them
    dated_patterns: tuple[re.Pattern, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        union = "|".join(f"(?:{_NAMED_GROUP.sub('(', shape)})" for shape in self.article_urls)
        object.__setattr__(self, "article_pattern", re.compile(union) if union else None)
        object.__setattr__(self, "dated_patterns", tuple(
            re.compile(shape) for shape in (*self.article_urls, *self.url_dates) if "(?P<y>" in shape))


_YMD = r"(?P<y>\d{4})-(?P<m>\d{2})/(?P<d>\d{2})"  # /YYYY-MM/DD/ (F1, F2)

#: family id -> :class:`Family`, in the order :func:`url_family` tries them.
FAMILIES: dict[str, Family] = {f.id: f for f in (
    Family("F1", "China Daily-built CMS", "ChinaDailyCmsSpider", article_urls=(
        rf"/{_YMD}/c_\d+(?:_\d+)?\.htm$",
        r"/content/post_\d+\.html$",  # eguangzhou's /gzbusiness/content/post_<id>.html, same template, no date line
    ), shared_shapes=(
        r"/content/post_\d+\.html$",  # Guangdong's government CMS too (fipc.dg.gov.cn)
    ), signatures=(
        ("China Daily footer", r"(?i)(?:Presented by|Copyright\s*(?:©|&copy;)?\s*)\s*China\s*Daily"),
    )),
    Family("F2", "legacy China Daily template", "LegacyChinaDailySpider", article_urls=(
        rf"/{_YMD}/content_\d{{8}}(?:_\d+)?\.htm$",
    ), signatures=(
        ("China Daily channel header", r"中国日报网"),
    )),
    Family("F3", "State Council", "StateCouncilSpider", article_urls=(
        r"content_(?:\d{15}|WS[0-9a-f]{24})\.html?$",
    ), url_dates=(
        r"/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/content_\d{15}\.html?$",  # 2016-17
        # newer /YYYYMM/DD/content_WS<24 hex>.html (and China Daily's /a/YYYYMM/DD/WS<24 hex>.html)
        r"/(?P<y>\d{4})(?P<m>\d{2})/(?P<d>\d{2})/(?:content_)?WS[0-9a-f]{24}\.html?$",
    )),
    Family("F4", "TRS WCM", "TrsSpider", article_urls=(
        r"/\d{6}/t(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})_\d+\.s?html?$",
        r"/t\d{6,8}(?:_\d+)?\.s?html?$",  # older TRS WCM ids, no date (www.fmprc.gov.cn /mfa_eng/…/t1794629.shtml)
    ), signatures=(
        ("TRS upload names W0/P0YYYYMMDD…", r"[/\"'][WP]0(?:19|20)\d{6}\d{6,}\.(?i:jpe?g|png|gif|bmp|pdf|docx?|xlsx?)"),
        ("TRS pager script createPageHTML", r"createPageHTML\s*\("),
        ("TRS pager variables countPage/currentPage", r"\bvar\s+countPage\s*=\s*\d"),
        ("TRS editor markup", r"TRS_Editor|TRS_UEDITOR|trs_paper_default"),
    )),
    Family("F5", "Hanweb JCMS", "HanwebSpider", article_urls=(
        r"/art/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/art_\d+_\d+\.html$",
    ), signatures=(
        ("Hanweb generator line", r"大汉网络|大汉版通|(?i:Produced\s+By\s+Hanweb|hanweb\.com)"),
        ("Hanweb column URLs /col/col<id>/", r"/col/col\d+/"),
        ("Hanweb record list", r"<recordset>"),
    )),
    Family("F6", "Shanghai CMS", "ShanghaiCmsSpider", article_urls=(
        r"/(?:en-[\w-]+|News|shzxzb)/\d{8}/[0-9a-f]{32}\.html$",
    ), url_dates=(
        r"/[\w-]+/(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})/[0-9a-f]{32}\.html$",  # the date folder, in any section
    )),
    Family("F6b", "Shanghai JSP list app", "ShanghaiJspSpider", article_urls=(
        r"/jsp/zfxw_(?:content|detail)_en\.jsp\?(?:.*&)?(?:id|newsId|infoId)=\d+",  # inferred
    )),
    Family("F7", "Sichuan", "SichuanPortalSpider", article_urls=(
        # also en.cq.gov.cn (F9) and Shenyang's Chinese tree
        r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?:[0-9a-f]{32}|\d+)\.shtml$",
    ), shared_shapes=(
        r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?:[0-9a-f]{32}|\d+)\.shtml$",
    ), signatures=(
        ("Sichuan site tree /10462/", r"/10462/\d+/"),
    )),
    Family("F8", "Shaanxi", "ShaanxiPortalSpider", article_urls=(
        r"/(?:octzwosx/\w+|news/shaanxinews)/\d+\.htm$",
    ), signatures=(
        ("Shaanxi footer", r"(?i)E-government\s+Office\s+of\s+Shaanxi"),
    )),
    Family("F9", "one-off templates", "GenericPortalSpider", url_dates=(
        rf"/{_YMD}/content_[0-9a-f]{{32}}\.shtml$",  # Chengdu FAO
        r"/(?P<y>\d{4})/(?P<m>\d{2})(?P<d>\d{2})/\d+\.html$",  # SAFE /en/YYYY/MMDD/<id>.html
    )),
    Family("F10", "legacy Guiyang", "LegacyGuiyangSpider", article_urls=(
        r"/c\d+/index\.html$",
    ), listings_share_article_urls=True),
)}

_WITH_SHAPES = tuple(f for f in FAMILIES.values() if f.article_pattern is not None)


def url_family(url: str) -> str | None:
    """The family whose article URL shape matches ``url``, if any.

    >>> url_family("https://english.guiyang.gov.cn/2024-01/31/c_956327.htm")
    'F1'
    >>> url_family("https://english.beijing.gov.cn/latest/news/202407/t20240727_3760807.html")
    'F4'
    >>> url_family("https://english.guiyang.gov.cn/news_2.html") is None
    True
    """
    parts = urlsplit(url)
    for family in _WITH_SHAPES:
        pattern = family.article_pattern
        if pattern.search(parts.path) or (parts.query and pattern.search(f"{parts.path}?{parts.query}")):
            return family.id
    return None


def is_article_url(url: str) -> bool:
    return url_family(url) is not None


#: pages of one multi-page article: F1 ``c_<id>_N.htm``, F2 ``content_<id>_N.htm``
_F1_PAGE = re.compile(r"/((?:c|content)_\d+)(?:_(\d+))?\.htm$")


def f1_sibling_pages(url: str, hrefs: list[str]) -> tuple[int, list[str]]:
    """Page number of ``url`` and the other pages of the same F1 article found in ``hrefs``.

    Pages are ``c_<id>.htm``, ``c_<id>_2.htm``, ... in the same folder; a link to
    another article's ``c_<other>_2.htm`` is not a sibling.

    >>> f1_sibling_pages("https://h.gov.cn/2024-02/20/c_7.htm", ["c_7_2.htm", "/2024-02/20/c_7_3.htm", "c_8_2.htm", "c_7_2.htm"])
    (1, ['https://h.gov.cn/2024-02/20/c_7_2.htm', 'https://h.gov.cn/2024-02/20/c_7_3.htm'])
    >>> f1_sibling_pages("http://www.eguizhou.gov.cn/2014-06/09/content_17573809.htm", ["content_17573809_2.htm"])
    (1, ['http://www.eguizhou.gov.cn/2014-06/09/content_17573809_2.htm'])
    >>> f1_sibling_pages("https://h.gov.cn/2024-02/20/c_7.htm", ["https://x.example/2024-02/20/c_7_2.htm"])
    (1, [])
    """
    path, host = urlsplit(url).path, urlsplit(url).hostname  # a sibling is on the page's host, as on every portal
    match = _F1_PAGE.search(path)
    if not match:
        return 1, []
    article_id, page = match.group(1), int(match.group(2) or 1)
    folder = path[: path.rindex("/") + 1]
    pages: dict[int, str] = {}
    for href in hrefs:
        if article_id not in href:
            continue  # resolves to this page itself at most (its own number, left out below)
        absolute = urljoin(url, href.strip())
        parts = urlsplit(absolute)
        sibling = _F1_PAGE.search(parts.path)
        if sibling and sibling.group(1) == article_id and parts.path.startswith(folder) and parts.hostname == host:
            number = int(sibling.group(2) or 1)
            if number > 1:
                pages.setdefault(number, f"{parts.scheme}://{parts.netloc}{parts.path}")
    return page, [pages[n] for n in sorted(pages) if n != page]


_SIGNATURES = tuple((f.id, what, re.compile(rx)) for f in FAMILIES.values() for what, rx in f.signatures)


def recognise_family(url: str, html: str = "") -> tuple[str | None, list[str]]:
    """The family a page belongs to by what it is: its URL shape and its markup signatures, with the evidence.

    A matching article URL shape weighs 3 (1 for a shape other CMSs share), each
    signature 1; the family with the most weight wins, none on a tie or below 2.  One-off templates (F9) have no shapes or
    signatures: None means "a family of its own, or not known from this page".

    >>> recognise_family("https://www.fmprc.gov.cn/mfa_eng/wjbxw/t1794629.shtml",
    ...                  '<img src="./W020200703667259410426.jpg"><script>var countPage = 13</script>')
    ('F4', ['URL shape of TRS WCM', 'TRS upload names W0/P0YYYYMMDD…', 'TRS pager variables countPage/currentPage'])
    >>> recognise_family("https://english.zj.gov.cn/col/col1229/index.html", "<p>Produced By 大汉网络</p>")
    ('F5', ['Hanweb generator line', 'Hanweb column URLs /col/col<id>/'])
    >>> recognise_family("https://en.xa.gov.cn/news/12345.html", "<p>Hello</p>")
    (None, [])
    """
    scores: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    family = url_family(url)
    if family:
        path = urlsplit(url).path
        shared = any(re.search(shape, path) for shape in FAMILIES[family].shared_shapes)
        scores[family] = 1 if shared else 3
        evidence[family] = [f"URL shape of {FAMILIES[family].cms}" + (" (shared with other CMSs)" if shared else "")]
    text = html[:400_000]
    for fid, what, pattern in _SIGNATURES:
        if pattern.search(url) or pattern.search(text):
            scores[fid] = scores.get(fid, 0) + 1
            evidence.setdefault(fid, []).append(what)
    if not scores:
        return None, []
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, weight = ranked[0]
    if weight < 2 or (len(ranked) > 1 and ranked[1][1] == weight):
        return None, []
    return best, evidence[best]
