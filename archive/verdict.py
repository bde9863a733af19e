"""What the archive accepts as an article, and as the same article.

The web lies: servers and CMSs answer errors, maintenance notices and "page not
found" with HTTP 200, in the site's own template or in a web server's bare one
(nginx, Apache, IIS, Tomcat), in English or Chinese.  Stored, such a page dates
itself from its URL and looks like an article; worse, the same template served
for several URLs deduplicates them into one row.  This module reads the visible
text only (a headline, a body), never markup, so it holds on templates it has
never seen:

* :func:`status_like`: a line that is an HTTP status or error heading as a whole
  (``502 Bad Gateway``, ``HTTP Status 500 – Internal Server Error``, ``页面不存在``);
* :func:`error_page`: why a headline and body read as an error, soft-404 or
  maintenance page, or None;
* :func:`same_article`: whether a page seen again at a known URL is a revision of
  the stored article or something else entirely (a different headline *and* a body
  with nothing in common).
"""

from __future__ import annotations

import re

from .text import containment, shingles

# standard reason phrases of 4xx/5xx answers and the servers' own error headings
_REASON = r"""(?:
      bad\s+request | unauthori[sz]ed | payment\s+required | (?:access\s+)?forbidden | access\s+denied
    | (?:(?:the\s+)?(?:page|file|document|url|resource)\s+)?not\s+found | (?:page|file)\s+(?:does\s+not|doesn'?t)\s+exist
    | method\s+not\s+allowed | not\s+acceptable | request\s+time-?out | gone | precondition\s+failed
    | request\s+entity\s+too\s+large | too\s+many\s+requests | (?:internal\s+)?server\s+error | not\s+implemented
    | bad\s+gateway | service\s+(?:temporarily\s+)?unavailable | gateway\s+time-?out | temporarily\s+unavailable
    | (?:an\s+)?error(?:\s+(?:has\s+)?occurred)? | something\s+went\s+wrong | runtime\s+error | detailed\s+error\b.*
    | oops\b.* | server\s+error\s+in\s+'[^']*'\s+application
    | (?:(?:the\s+)?(?:web\s*)?(?:site|system|server|service|portal)\s+(?:is\s+)?)?(?:(?:currently|temporarily)\s+)?
      (?:under|down\s+for|closed\s+for)\s+(?:scheduled\s+)?maintenance
    | (?:(?:web\s*)?site|system|scheduled)\s+maintenance | maintenance(?:\s+in\s+progress)?
)"""
_CODE = r"(?:http\s*)?(?:(?:error|status)\s*(?:code\s*)?)?[45]\d\d(?:\.\d+)?(?:\s*error)?"
_CN_STATUS = r"""(?:
      (?:抱歉|对不起|很抱歉)?[，,！!]?\s*(?:您(?:所)?(?:要)?(?:访问|请求|查找)的)?(?:页面|网页|文章|信息|内容|栏目|文件)
      (?:已经?)?(?:不存在|未找到|找不到了?|被?删除|过期|无法(?:访问|显示))(?:或已被?删除|或已过期)?
    | 找不到(?:该|您要的|您访问的)?(?:页面|网页) | 错误(?:页面|提示) | 出错了 | 发生错误 | 访问出错 | 禁止访问 | 请求错误
    | (?:系统|网站|平台|服务器)?(?:正在)?(?:升级)?维护中? | 服务器(?:内部)?错误 | 服务器繁忙 | 服务(?:暂时)?不可用 | 网关(?:错误|超时)
    | (?:[45]\d\d\s*)?错误
)"""
_STATUS_LINE = re.compile(
    rf"""(?ix)^[\W_]*(?:
        {_CODE}(?:[\s\-–—:|.,(\[]*{_REASON})?(?:[\s\-–—:|.,(\[]*{_CODE})?
      | {_REASON}(?:[\s\-–—:|.,(\[]*{_CODE})?
      | {_CN_STATUS}
    )[\W_]*$"""
)
#: sentences of error, soft-404 and maintenance pages, in English and Chinese (searched in short texts only)
_ERROR_PHRASE = re.compile(
    r"""(?ix)
      (?:page|file|document|article|content|url|resource|link)s?(?:\s+(?:that\s+)?you(?:'re|\s+are|\s+were|\s+have)?
          (?:\s+(?:looking\s+for|requested|visited|trying\s+to\s+(?:reach|visit|access)|tried\s+to\s+visit)))?
          \s+(?:does\s+not|doesn'?t|do\s+not|could\s+not|can\s*not|can'?t|might\s+not|may\s+not|is\s+no\s+longer|no\s+longer)
          \s+(?:be\s+)?(?:exists?|found|displayed|available|accessible)
    | (?:page|article|content|document|file)(?:\s+[\w']+){0,5}\s+(?:has|have)\s+been\s+(?:removed|deleted|moved|taken\s+down)
    | \b(?:404|page|file)\s+not\s+found\b | was\s+not\s+found\s+on\s+this\s+server
    | unable\s+to\s+(?:service|handle|process|complete)\s+(?:your|the|this)\s+request
    | server\s+encountered\s+an?\s+(?:internal\s+error|unexpected\s+condition|error)
    | problem\s+with\s+the\s+resource\s+you\s+are\s+looking\s+for
    | (?:web\s*)?(?:site|system|server|service|portal|page)\s+(?:is\s+)?(?:currently\s+|temporarily\s+|now\s+)?
          (?:under(?:going)?|down\s+for|closed\s+for)\s+(?:scheduled\s+|routine\s+|system\s+)?(?:maintenance|upgrad(?:e|ing))
    | (?:scheduled|routine|system)\s+maintenance\s+(?:is\s+)?(?:in\s+progress|underway)
    | we(?:'ll|\s+will)\s+be\s+back\s+(?:soon|shortly|online)
    | an?\s+error\s+(?:has\s+)?occurred\s+while\s+processing | you\s+(?:don'?t|do\s+not)\s+have\s+permission\s+to\s+access
    | \b(?:bad\s+gateway|gateway\s+time-?out|internal\s+server\s+error|service\s+temporarily\s+unavailable)\b
    | server\s+error\s+in\s+'[^']*'\s+application
    | (?:页面|网页|文章|信息|内容|栏目|文件|资源)(?:已经?)?(?:不存在|未找到|找不到|被?删除|过期|无法(?:访问|显示|找到))
    | 找不到(?:该|您要的|您访问的|您所访问的)?(?:页面|网页) | 您(?:所)?(?:要)?访问的(?:页面|网页|内容|地址)
    | (?:系统|网站|平台|服务器|页面)(?:正在)?(?:进行)?(?:升级)?维护 | 维护中 | 服务器(?:内部)?错误 | 服务器繁忙
    | 服务(?:暂时)?不可用 | 网关(?:错误|超时) | 出错了 | 发生(?:了)?错误 | 访问出错 | 禁止访问 | 没有(?:访问)?权限
    """
)
#: a piece of each _ERROR_PHRASE, lower case: a text with none of them is not searched
_ERROR_HINTS = ("exist", "found", "displayed", "availab", "accessib", "been", "unable", "encounter", "resource", "mainten",
                "upgrad", "back", "occurred", "permission", "gateway", "server", "unavailable", "不存在", "未找到", "找不到",
                "删除", "过期", "无法", "访问", "维护", "错误", "繁忙", "不可用", "超时", "出错", "权限")
#: a web server naming itself under its error page (``nginx``, ``Apache/2.4.41 (Ubuntu) Server at h Port 443``)
_SERVER_LINE = re.compile(
    r"""(?ix)^(?:
        (?:nginx|openresty|tengine|apache(?:\s+tomcat)?|microsoft-iis|iis|jetty|lighttpd|caddy|cloudflare|varnish|squid
           |bfe|jboss|weblogic|websphere)(?:[/\s]+[\w.\-]+)*(?:\s*\([^)]*\))?(?:\s+server\s+at\s+\S+\s+port\s+\d+)?
      | (?:powered\s+by\s+)?[\w.\-]+\s*/\s*[\d.]+(?:\s*\([^)]*\))?
    )[.\s]*$"""
)
#: a body longer than this is not an error page's, whatever phrase it contains (an article may quote one)
ERROR_BODY_MAX = 1200
#: a page seen again at a known URL is another article when its headline differs and its body shares
#: less than this share of word 3-shingles with the stored one
MIN_SHARED = 0.2
_TITLE_PARTS = re.compile(r"\s+[-|_–—]+\s+|\s*\|\s*")


def status_like(line: str | None) -> bool:
    """A line that is, as a whole, an HTTP status or an error/maintenance heading.

    >>> [status_like(t) for t in ("502 Bad Gateway", "HTTP Status 500 – Internal Server Error", "Error 404 (Not Found)",
    ...  "500 - Internal server error.", "Service Unavailable", "Site under maintenance", "页面不存在", "系统维护中")]
    [True, True, True, True, True, True, True, True]
    >>> [status_like(t) for t in ("500 enterprises sign deals at expo", "Bridge under maintenance until May",
    ...  "Guiyang metro line 404 opens", "Not found: a cure for boredom in Guiyang", "")]
    [False, False, False, False, False]
    """
    line = (line or "").strip()
    return 0 < len(line) <= 120 and _STATUS_LINE.match(line) is not None


def _error_phrase(text: str) -> re.Match | None:
    low = text.lower()
    return _ERROR_PHRASE.search(text) if any(hint in low for hint in _ERROR_HINTS) else None


def _server_lines_only(body: str) -> bool:
    lines = [l.strip() for l in body.splitlines() if l.strip()]
    return bool(lines) and all(_SERVER_LINE.match(l) or status_like(l) for l in lines)


def error_page(title: str | None, body: str | None, doc_title: str | None = None) -> str | None:
    """Why a page whose headline is ``title`` and article text ``body`` (``doc_title``: its
    ``<title>``) is an error, soft-404 or maintenance page; None when nothing says so.

    A status-like headline is enough; an error sentence counts in the headline or in a
    short body (an article may quote one).

    >>> error_page("502 Bad Gateway", "nginx")
    'error headline: 502 Bad Gateway'
    >>> error_page("Service Unavailable", "The server is temporarily unable to service your request due to "
    ...            "maintenance downtime or capacity problems. Please try again later.")
    'error headline: Service Unavailable'
    >>> error_page("Sorry", "The page you requested does not exist. Return to the home page.")
    'error text: page you requested does not exist'
    >>> error_page("抱歉，您访问的页面不存在或已被删除！", "请检查您输入的网址是否正确。")
    'error headline: 抱歉，您访问的页面不存在或已被删除！'
    >>> error_page("Guiyang", "Welcome", doc_title="404 Not Found - Guiyang")
    'error page title: 404 Not Found - Guiyang'
    >>> error_page("Metro line 3 opens", "Line 3 links Baiyun and Huaxi; the old page was not found useful.") is None
    True
    """
    title, body = (title or "").strip(), (body or "").strip()
    if status_like(title):
        return f"error headline: {title[:80]}"
    found = _error_phrase(title) if len(title) <= 150 else None
    if found:
        return f"error text: {found.group(0)[:80]}"
    if len(body) <= ERROR_BODY_MAX:
        found = _error_phrase(body)
        if found:
            return f"error text: {found.group(0)[:80]}"
        if _server_lines_only(body):
            return f"error text: {body[:80]}"
        if doc_title and (status_like(doc_title) or any(status_like(p) for p in _TITLE_PARTS.split(doc_title))):
            return f"error page title: {doc_title[:80]}"
    return None


def _normal_title(title: str | None) -> str:
    return " ".join(re.findall(r"\w+", (title or "").lower()))


def same_article(old_title: str | None, old_text: str | None, new_title: str | None, new_text: str | None) -> bool:
    """Whether a page seen again at a known URL (``new_*``) is a version of the stored article
    (``old_*``; ``*_text``: body and captions): False only when the headline differs *and* the
    texts share less than :data:`MIN_SHARED` of their word 3-shingles.

    >>> same_article("Metro line 3 opens", "Line 3 links Baiyun and Huaxi. It has 29 stations.",
    ...              "Metro line 3 opens to the public", "Line 3 links Baiyun and Huaxi. It has 30 stations.")
    True
    >>> same_article("502 Bad Gateway", "nginx", "Metro line 3 opens", "Line 3 links Baiyun and Huaxi.")
    False
    """
    if _normal_title(old_title) == _normal_title(new_title):
        return True
    return containment(shingles(None, old_text), shingles(None, new_text)) >= MIN_SHARED
