"""Visible-text patterns of the gov.cn English portals (docs/families.md: Captions, Boilerplate, Pagination).

These are the "family rules" layer: they read what a reader sees, not markup,
so they survive template changes.
"""

from __future__ import annotations

import re

from archive.cjk import CJK_CLASS

# --- captions ---------------------------------------------------------------

#: A caption line ends in a credit: ``[Photo/X]``, ``[Photo by X]``, ``(Photo/X)``,
#: ``[Photo provided to X]``, ``X/FOR CHINA DAILY``.
CREDIT = re.compile(
    r"""(?:
        [\[【(（]\s*(?P<kind>Photos?|Video|Image|Picture)\b\s*(?:/|by\b|:)?\s*(?P<credit>[^\[\]()（）【】]*?)\s*[\]】)）]
      | (?P<bare>(?-i:\b[A-Z][A-Z.'\-]+(?:\ [A-Z][A-Z.'\-]+){0,3}/\s*FOR\s+CHINA\s+DAILY))
    )\s*$""",
    re.X | re.I,
)

#: An image file name printed as text (alt/title text or a broken image).
FILE_NAME_LINE = re.compile(r"^[\w ()\[\]（）.,+~-]{0,80}\.(?:jpe?g|png|gif|bmp|webp|tiff?)$", re.I)  # \w: Chinese too


def is_file_name(line: str) -> bool:
    """An image file name printed as a line (``IMG_2024.JPG``).

    >>> is_file_name("1692006441170038930.png"), is_file_name("View of the lake.")
    (True, False)
    """
    return len(line) <= 86 and FILE_NAME_LINE.match(line) is not None  # 80 + ".jpeg" + "\n": longer never matches


FILE_NAME_PREFIX = re.compile(r"^\d{3,}\.(?:jpe?g|png|gif|bmp|webp)\s*", re.I)


def split_caption(line: str) -> tuple[str, str | None] | None:
    """Split a caption line into ``(caption, credit)``; None if the line has no credit.

    >>> split_caption("Tourists visit the Qingyan ancient town. [Photo/guiyang.gov.cn]")
    ('Tourists visit the Qingyan ancient town.', 'guiyang.gov.cn')
    >>> split_caption("A night view. [Photo by Jiang Yangbo/for China Daily]")
    ('A night view.', 'Jiang Yangbo/for China Daily')
    >>> split_caption("Workers at the site. [Photo provided to english.guiyang.gov.cn]")
    ('Workers at the site.', 'provided to english.guiyang.gov.cn')
    >>> split_caption("Jinan's spring festival fair. [Photo/]")
    ("Jinan's spring festival fair.", None)
    >>> split_caption("Farmers harvest tea.(Photo/China Daily Guizhou Office)")
    ('Farmers harvest tea.', 'China Daily Guizhou Office')
    >>> split_caption("A bridge over the gorge. WU WEI/FOR CHINA DAILY")
    ('A bridge over the gorge.', 'WU WEI/FOR CHINA DAILY')
    >>> split_caption("1692006441170038930.pngView of the lake [Photo/gywb.cn]")
    ('View of the lake', 'gywb.cn')
    >>> split_caption("The city had 26.71 billion yuan in revenue.") is None
    True
    """
    # A credit ends the line, so a search over a whole paragraph is needed only when the line's
    # last character can close one; a bracketed credit holds no bracket, so it opens at the last one.
    end = line.rstrip()[-1:]
    if end and end in "]】)）":
        start = max(line.rfind("["), line.rfind("【"), line.rfind("("), line.rfind("（"))
        match = CREDIT.search(line, start) if start >= 0 else None
    elif end == "Y":  # "X/FOR CHINA DAILY", upper case
        match = CREDIT.search(line)
    else:
        return None
    if not match:
        return None
    caption = FILE_NAME_PREFIX.sub("", line[: match.start()]).strip()
    if match.group("bare"):
        credit = match.group("bare").strip()
    else:
        credit = match.group("credit").strip()
        if re.match(r"(?i)by\b", credit):
            credit = credit[2:].strip()
    return caption, credit or None


def clean_caption(line: str) -> str:
    """Caption text without an image file name glued to its start."""
    return FILE_NAME_PREFIX.sub("", line).strip()


# --- breadcrumbs ----------------------------------------------------------

_BREADCRUMB = re.compile(
    r"^(?:(?:Current|Your)\s+(?:position|location)\s*[:：]\s*|Location\s*[:：]\s*|•\s*)?"
    r"(?P<trail>(?:Home|HOME|home|首页)\s*(?:•\s*)?(?:-?>|›|»|>>|\s-\s).*"
    r"|>\s*[A-Za-z][^>]{0,60}>\s*[A-Za-z].*)$"  # Hanweb: "> I WANT TO > Learn about …" (no Home)
)
_CRUMB_SPLIT = re.compile(r"\s*(?:•\s*)?(?:-?>|›|»|\s-\s)\s*(?:•\s*)?")


def parse_breadcrumb(line: str) -> list[str] | None:
    """Split a breadcrumb line into its parts; None if the line is not a breadcrumb.

    >>> parse_breadcrumb("Home> News")
    ['Home', 'News']
    >>> parse_breadcrumb("Home  >   Latest")
    ['Home', 'Latest']
    >>> parse_breadcrumb("Home -> Live in Shenzhen")
    ['Home', 'Live in Shenzhen']
    >>> parse_breadcrumb("Current position: Home>English>Disclaimer")
    ['Home', 'English', 'Disclaimer']
    >>> parse_breadcrumb("HOME   - Government   - Official Release")
    ['HOME', 'Government', 'Official Release']
    >>> parse_breadcrumb("• Home • > • Government • > • Work report")
    ['Home', 'Government', 'Work report']
    >>> parse_breadcrumb("> I WANT TO > Learn about Tourism Festivities")
    ['I WANT TO', 'Learn about Tourism Festivities']
    >>> parse_breadcrumb(">  >") is None, parse_breadcrumb("Home of the giant panda") is None
    (True, True)
    """
    match = _BREADCRUMB.match(line.strip())
    if not match or len(line) > 200:
        return None
    parts = [p.strip(" •") for p in _CRUMB_SPLIT.split(match.group("trail"))]
    return [p for p in parts if p]


# --- boilerplate ------------------------------------------------------------

#: Lines after which an article's body never continues (footers, related lists): words that open the line ...
_TERMINAL_START = re.compile(
    r"""(?ix)
      (?:copyright\b|©|\(c\)\s*\d{4})
    | presented\s+by\s+china\s+daily
    | (?:主办|承办|技术支持|网站标识码)(?:单位)?\s*[:：]
    | (?:powered|produced|hosted|sponsored|organi[sz]ed|maintained)\s+by\b
    | (?:related\s+(?:stories|news|articles|links|reading|content)|more\s+(?:news|stories)|recommended(?:\s+reading)?
        |editor'?s?\s+picks?|latest\s+news|hot\s+news|most\s+(?:read|popular|viewed)|you\s+may\s+also\s+like
        |surveys\s+recommended)\b\s*:?
    | (?:previous|next)\s+(?:article|story|news)\s*[:：]
    | (?:contact\s+us|about\s+us|site\s+map|sitemap|disclaimer)\s*(?:\||$)
    """
)
#: ... and phrases anywhere in it
_TERMINAL_ANYWHERE = re.compile(rf"(?i)all\s+rights\s+reserved|[{CJK_CLASS}]ICP[备證证]")  # 黔ICP备05001922号


def is_terminal(line: str) -> bool:
    """A footer or related-list line, after which an article's body never continues.

    Only the line's start is matched against the opening words; the phrases that
    may stand anywhere are searched for only when a plain substring of them is
    there (a regex search over every long paragraph cost most of the extraction).

    >>> is_terminal("Copyright © China Daily."), is_terminal("Guiyang China © 2024. All Rights Reserved.")
    (True, True)
    >>> is_terminal("黔ICP备05001922号"), is_terminal("Related Stories"), is_terminal("Presented by China Daily.")
    (True, True, True)
    >>> is_terminal("The rights of residents are reserved for next year."), is_terminal("Contact us for details.")
    (False, False)
    """
    if _TERMINAL_START.match(line):
        return True
    if "版权所有" in line:
        return True
    # pieces of the phrases made of letters that no other character matches under IGNORECASE
    low = line.lower()
    return (("erved" in low and "ght" in low) or ("cp" in low and ("备" in line or "證" in line or "证" in line))) \
        and _TERMINAL_ANYWHERE.search(line) is not None


#: Widget, pager and metadata lines that are dropped from the body.
JUNK = re.compile(
    r"""(?ix)^(?:
        [LMS](?:\s+[LMS]){1,2}
      | (?:[\[【〖]?\s*(?:print|close|share|favorite|top|back(?:\s+to\s+top)?|email|font\s*size)\s*[\]】〗]?\s*){1,4}
      | font(?:larger|smaller|\s*size)?\s*:?.{0,40}(?:big|small|larger|smaller).{0,40}
      | .*〖\s*size\s*:.*
      | size\s*:\s*(?:big|large).*
      | t\s*\|\s*t
      | read\s*:\s*degree
      | date\s*[:：]\s*tmp\s*[:：].*
      | eyesight\s+protection\s*:?.*
      | (?:editor|translator|chinese\s+source|proofread(?:er|ing)?|reporter|author|responsible\s+editor|photographer)\s*[:：].{0,80}
      | (?:source|from|origin)\s*[:：].{0,100}
      | share(?:\s+(?:to|on|this))?\s*[:：].{0,60} | share\s+(?:to|on)\s+(?:wechat|weibo|facebook|twitter|linkedin).{0,60}
      | (?:<|‹|«|\.\.\.|…|\d{1,3}|>|›|»|previous(?:\s+page)?|next(?:\s+page)?|prev|first|last|首页|上一页|下一页|尾页)
        (?:\s+(?:<|‹|«|\.\.\.|…|\d{1,3}|>|›|»|previous(?:\s+page)?|next(?:\s+page)?|prev|first|last|首页|上一页|下一页|尾页))*
      | \[more\]|more\s*>+
      | this\s+article\s+is\s+from\s+the\s+.{0,120}
    )$"""
)

_PAGER_ROW = re.compile(
    r"^(?:(?:<|‹|«|\.\.\.|…|\d{1,3}|>|›|»|Previous(?: Page)?|Next(?: Page)?)\s*)+$"
)


def is_pager_row(line: str) -> bool:
    """A page-number row (``1 2 3 ... 7 >``) or a carousel's bare digit row (``1 2 3 4``).

    >>> is_pager_row("1 2 3 ... 7 >"), is_pager_row("< 1 2 3"), is_pager_row("2024")
    (True, True, False)
    """
    return bool(_PAGER_ROW.match(line)) and not re.fullmatch(r"\d{4,}", line)


# --- pages that are not articles ------------------------------------------------

CHALLENGE = re.compile(
    r"""(?ix)
      just\s+a\s+moment | enable\s+javascript\s+and\s+cookies | verify(?:ing)?\s+(?:that\s+)?you\s+are\s+(?:a\s+)?human
    | checking\s+your\s+browser | attention\s+required | access\s+denied | request\s+(?:was\s+)?blocked
    | 安全验证 | 访问验证 | 人机验证 | 您的访问被拒绝 | 请开启javascript | security\s+check | ddos\s+protection
    | /cdn-cgi/challenge | __jsl_clearance | captcha
    """
)

#: scripts of challenge pages that show nothing readable (searched in the page's HTML)
CHALLENGE_SCRIPT = re.compile(r"__jsl_clearance|/cdn-cgi/challenge|__wafchk|_waf_ck|captcha\.js|hcaptcha|recaptcha", re.I)

#: a piece of each CHALLENGE phrase, lower case, made of letters that no other character matches under IGNORECASE
_CHALLENGE_HINTS = ("moment", "enable", "human", "brow", "attent", "acce", "bloc", "验证", "拒绝", "请开启", "ecur", "ddo",
                    "/cdn-cg", "__j", "captcha")


def is_challenge(text: str) -> bool:
    """Text of an anti-bot challenge or block page (:data:`CHALLENGE`), searched only when a piece of a phrase is there.

    >>> is_challenge("Just a moment... Checking your browser"), is_challenge("The city opened a new metro line.")
    (True, False)
    """
    low = text.lower()
    return any(hint in low for hint in _CHALLENGE_HINTS) and CHALLENGE.search(text) is not None


LABEL_ONLY = re.compile(
    r"(?i)^(?:updated|date|time|release\s+time|dispatch\s+date|publish(?:ed)?(?:\s+date)?|release\s+date|发布时间|发布日期)\s*[:：]?$"
)


#: Chinese places that print as a dateline before the date (``Beijing | 10 a.m. June 5, 2024``): never a source.
PLACES = frozenset("""
Beijing Shanghai Tianjin Chongqing Guangzhou Shenzhen Guiyang Hangzhou Nanjing Wuhan Chengdu Xi'an Xiamen Qingdao
Jinan Changsha Kunming Nanning Suzhou Harbin Shenyang Dalian Zhengzhou Hefei Fuzhou Lanzhou Urumqi Lhasa Hohhot
Yinchuan Xining Haikou Taiyuan Shijiazhuang Changchun Nanchang Ningbo Wenzhou Dongguan Foshan Zhuhai Sanya Yiwu
Guizhou Guangdong Zhejiang Jiangsu Shandong Sichuan Hunan Hubei Henan Hebei Shanxi Shaanxi Yunnan Fujian Anhui
Jiangxi Liaoning Jilin Heilongjiang Hainan Gansu Qinghai Guangxi Xinjiang Tibet Ningxia Xizang
""".split()) | {"Inner Mongolia", "Hong Kong", "Macao"}
