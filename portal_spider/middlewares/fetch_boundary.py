"""The fetch boundary: only http(s), only the portal's own hosts, never an internal address.

Every request passes through here before anything is sent (order 50, where
Scrapy's ``OffsiteMiddleware`` was, before robots.txt), whatever made it: a
section's first page, a listing's article or next page, a sibling page, a
revisit, a URL imported from a file, and each hop of a redirect or meta
refresh (both come back through the whole chain as new requests).  Unlike
Scrapy's offsite filter, ``dont_filter`` does not exempt a request: the
redirect guard sets it on redirected requests so that the dupefilter keeps
them, and the next hop inherits it.

A request is refused, with its outcome, when

* its scheme is not ``http``/``https`` (``file:``, ``data:``, ``ftp:``,
  ``javascript:`` ...): ``refused-scheme``;
* its host is not one of the spider's ``hosts`` or ``cdn_hosts``:
  ``off-site`` (``off-site-redirect`` when a redirect or a meta refresh led
  there);
* the address it would connect to is loopback, private, link-local,
  multicast, reserved or unspecified: ``refused-address``.  That address is
  the host's own, looked up through Scrapy's caching resolver (so the
  download connects to the very address checked), or, when the request goes
  through a proxy, the proxy's: the proxy looks the host name up itself, so
  only a host written as an IP address is checked beside it.
  ``PORTAL_ARCHIVE_ALLOW_LOOPBACK`` lets loopback addresses through: the
  tests and ``portal-archive demo`` crawl the sample portal through a proxy
  on 127.0.0.1.  Nothing else is ever allowed.

A name that does not resolve is left to the download, which fails the same
way (``dns-error``); a refusal is remembered per host for the run.
"""

from __future__ import annotations

import ipaddress
import urllib.request
from urllib.parse import urlsplit

from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import DNSLookupError

from .outcomes import OffSite, OutcomeError, RedirectOffsite, RefusedAddress, RefusedScheme

SCHEMES = ("http", "https")


def address_refusal(address: str, allow_loopback: bool = False) -> str | None:
    """Why the crawler must not connect to ``address`` (None: it may).

    >>> [address_refusal(a) for a in ("61.129.132.137", "2001:4860:4860::8888")]
    [None, None]
    >>> [address_refusal(a) for a in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "224.0.0.251", "0.0.0.0")]
    ['loopback', 'private', 'link-local', 'multicast', 'unspecified']
    >>> address_refusal("::ffff:169.254.169.254"), address_refusal("100.64.0.1"), address_refusal("fd00::1")
    ('link-local', 'private', 'private')
    >>> address_refusal("127.0.0.1", allow_loopback=True), address_refusal("::1", allow_loopback=True)
    (None, None)
    >>> address_refusal("10.0.0.1", allow_loopback=True), address_refusal("not an address")
    ('private', 'not an IP address')
    """
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return "not an IP address"
    if getattr(ip, "ipv4_mapped", None) is not None:  # ::ffff:a.b.c.d reaches a.b.c.d
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_loopback else "loopback"
    for reason in ("unspecified", "link_local", "multicast", "reserved", "private"):
        if getattr(ip, f"is_{reason}"):
            return reason.replace("_", "-")
    if not ip.is_global:  # shared (carrier-grade NAT) space, 100.64.0.0/10, is neither private nor global
        return "private"
    return None


def is_ip(host: str) -> bool:
    """
    >>> is_ip("61.129.132.137"), is_ip("::1"), is_ip("english.guiyang.gov.cn")
    (True, True, False)
    """
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def fetch_hosts(spider) -> frozenset[str]:
    """The hosts a spider may fetch from: its portal's ``hosts`` and any declared ``cdn_hosts``."""
    return frozenset(h.lower() for h in (*getattr(spider, "hosts", ()), *getattr(spider, "cdn_hosts", ())))


def proxy_for(request, configured: str, environment: bool = True) -> str:
    """The proxy ``request`` will go through: its own ``meta["proxy"]``, the project's
    (``PORTAL_ARCHIVE_PROXY``), or, when ``environment`` (Scrapy's HttpProxyMiddleware is on), the
    environment's (``https_proxy`` ..., read as that middleware reads them); '' for none."""
    if "proxy" in request.meta:
        return request.meta["proxy"] or ""
    if configured or not environment:
        return configured
    parts = urlparse_cached(request)
    if urllib.request.proxy_bypass(parts.hostname or ""):
        return ""
    return urllib.request.getproxies().get(parts.scheme, "")


def proxy_host(proxy: str) -> str:
    """The host of a proxy URL (``host:port`` alone is read as http).

    >>> proxy_host("http://127.0.0.1:8765"), proxy_host("Proxy.example.org:3128")
    ('127.0.0.1', 'proxy.example.org')
    """
    return (urlsplit(proxy if "://" in proxy else f"http://{proxy}").hostname or "").lower()


class FetchBoundaryMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.allow_loopback = settings.getbool("PORTAL_ARCHIVE_ALLOW_LOOPBACK")
        self.proxy = settings.get("PORTAL_ARCHIVE_PROXY") or ""
        self.proxy_enabled = settings.getbool("HTTPPROXY_ENABLED")
        self.verdicts: dict[str, str | None] = {}  # host or proxy -> why refused (None: allowed)
        self.hosts: frozenset[str] | None = None  # the spider's, read at its first request

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        parts = urlparse_cached(request)
        if parts.scheme not in SCHEMES:
            raise self._refuse(RefusedScheme, request, f"refused: {parts.scheme or 'no'} scheme is not fetched")
        host = (parts.hostname or "").lower().rstrip(".")
        if self.hosts is None:
            self.hosts = fetch_hosts(self.crawler.spider)
        if host not in self.hosts:
            cls = RedirectOffsite if request.meta.get("redirect_urls") else OffSite
            raise self._refuse(cls, request, f"off-site: {host or 'no host'} is not a host of the portal")
        checks = [host] if is_ip(host) else []
        proxy = proxy_for(request, self.proxy, self.proxy_enabled)
        if proxy:
            checks.append(proxy_host(proxy))
        elif not checks:
            checks.append(host)
        for name in checks:
            if name not in self.verdicts:
                why = await self._verdict(name)
                if why is False:  # not resolved (not remembered): the download fails alike, dns-error
                    continue
                self.verdicts[name] = why
            if self.verdicts[name]:
                via = f" (the proxy {proxy})" if proxy and name != host else ""
                raise self._refuse(RefusedAddress, request, f"refused: {name}{via} is {self.verdicts[name]}")
        return None

    async def _verdict(self, name: str) -> str | None | bool:
        """Why ``name`` may not be connected to (None: it may; False: it does not resolve)."""
        if is_ip(name):
            address = name
        else:
            from twisted.internet import reactor

            try:  # the resolver the download uses, with its cache: the download connects where checked
                address = await maybe_deferred_to_future(reactor.resolve(name))
            except DNSLookupError:
                return False
        why = address_refusal(address, self.allow_loopback)
        return f"{why} ({address})" if why and address != name else why

    def _refuse(self, cls: type[OutcomeError], request, message: str) -> OutcomeError:
        self.crawler.stats.inc_value(f"portal_archive/boundary/{cls.outcome}")
        return cls(f"{message}: {request.url}")



