"""F6 / F6b (Shanghai): english.shanghai, stcsm.sh, wsb.sh; the JSP list app touch.shio (= 61.129.132.137)."""

from __future__ import annotations

from tests.portal_cases import attachment, family_tests, paras, stored_article, stored_counts

SH = "https://english.shanghai.gov.cn"
ST = "https://stcsm.sh.gov.cn"
WS = "https://wsb.sh.gov.cn"
SHIO = "https://touch.shio.gov.cn"
A1, A2 = "5b2e0c9d8a7f4e31b6c2d4e8f0a1b3c5", "cfa92967afff4c5699e48e94cd6e1234"
S1, W1 = "0a1b2c3d4e5f60718293a4b5c6d7e8f9", "ca34166ea80a439690aec38c18e71111"
METRO = paras(
    "Shanghai Metro Lines 2 and 10 will run until 1 am on the evening of the Lantern Festival, the operator said on "
    "Saturday.",
    "Extra trains will serve Yuyuan Garden, where the city's largest lantern show is held.",
)

CASES = {
    "shanghai": [
        (f"{SH}/en-Latest-WhatsNew/20260228/{A1}.html", {  # no printed date: the URL's YYYYMMDD
            "title": "Shanghai extends metro hours for the Lantern Festival", "published": "2026-02-28",
            "date_source": "url", "source": None, "body": METRO,
        }),
        (f"{SH}/en-PolicyInsights/20260107/{A2}.html", {
            "title": "New rules ease work permits for foreign scientists", "published": "2026-01-07",
            "date_source": "url", "source": None, "section": ["Home", "Policy Insights"],
            "body": paras(
                "Foreign scientists hired by Shanghai's research institutes can now get work permits within five "
                "working days.",
                "Applicants no longer need to submit a separate health certificate.",
            ),
        }),
    ],
    "stcsm": [(f"{ST}/english/News/20240207/{S1}.html", {
        # PDF-derived: no headline printed (the document title), hard line breaks rejoined, double space collapsed
        "title": "Shanghai funds 200 basic research projects", "published": "2024-02-07", "date_source": "url",
        "source": None,
        "body": paras(
            "The Science and Technology Commission of Shanghai Municipality will fund 200 basic research projects this "
            "year, with a total budget of 1.5 billion yuan, the commission said on Wednesday.",
            "Projects in mathematics, physics and the life sciences will receive support for up to five years, and young "
            "researchers under 35 can apply for a separate fund.",
        ),
        "attachments": [attachment(f"{ST}/english/News/20240207/P020240207001.pdf", "Application guidelines (PDF)")],
    })],
    "shanghai_fao": [(f"{WS}/ztzl/shzxzb/20260114/{W1}.html", {
        # "( 2026.01.14 )" after the heading is the date; "January 2026" in the heading is not a day
        "title": "Shanghai Weekly Bulletin (Issue 127 No.2, January 2026)", "published": "2026-01-14",
        "date_source": "printed", "source": None,
        "body": paras(
            "The Shanghai International Film Festival will open its call for entries on February 1.",
            "Consulates can register for the city's spring reception for foreign guests until January 30.",
            "See the new rules on work permits for details of the application process and the documents required.",
        ),
    })],
    "shio": [(f"{SHIO}/jsp/zfxw_content_en.jsp?id=9200001&siteId=300", {
        "title": "Shanghai hosts forum on Yangtze River Delta integration", "published": "2023-12-18",
        "date_source": "printed", "source": "Shanghai Municipal Information Office",
        "body": paras(
            "Officials from Shanghai, Jiangsu, Zhejiang and Anhui met in Shanghai on Monday to discuss joint projects in "
            "transport and environmental protection.",
            "They agreed to open two more cross-border bus lines next year.",
        ),
        "attachments": [attachment(f"{SHIO}/upload/2023/forum-agenda.pdf", "Forum agenda")],
    })],
}

LISTINGS = {
    "shanghai": [f"{SH}/en-Latest-WhatsNew/20260228/{A1}.html"],
    "stcsm": [f"{ST}/english/News/20240207/{S1}.html"],
    "shanghai_fao": [f"{WS}/ztzl/shzxzb/20260114/{W1}.html"],
    # the same detail page on the app's IP host is one article
    "shio": [f"{SHIO}/jsp/zfxw_content_en.jsp?id=9200001&siteId=300"],
}

test_article_field, test_listing_links = family_tests(CASES, LISTINGS)


def test_crawl_stores_shanghai_articles_and_ends_the_p_page_walk():
    assert stored_counts(*LISTINGS) == {"shanghai": 2, "stcsm": 1, "shanghai_fao": 1, "shio": 1}
    assert stored_article(f"{SH}/en-Latest-WhatsNew/20260228/{A1}.html") == (
        "shanghai", "Shanghai extends metro hours for the Lantern Festival", "2026-02-28", "url", None, None, METRO)
    from tests.portal_cases import query

    # page 2 repeated page 1 (the sample server ignores the query): the walk stopped there
    assert query("SELECT url FROM fetches WHERE outcome = 'listing' AND url LIKE '%zfxw_default_en%' ORDER BY url") == [
        (f"{SHIO}/jsp/zfxw_default_en.jsp?p_page=1&siteId=300",), (f"{SHIO}/jsp/zfxw_default_en.jsp?p_page=2&siteId=300",)]


def test_p_page_walk_goes_on_while_a_page_adds_articles():
    from scrapy.http import HtmlResponse, Request

    from tests.portal_cases import spider_class
    from tests.test_sample_portal_extract import fixture_file

    spider = spider_class("shio")()
    spider.requested = set()
    page1 = f"{SHIO}/jsp/zfxw_default_en.jsp?p_page=1&siteId=300"
    body = fixture_file(page1).read_bytes()
    first = HtmlResponse(page1, body=body, request=Request(page1))
    links = spider.article_links(first)
    assert spider.next_listing_url(first, 1) == f"{SHIO}/jsp/zfxw_default_en.jsp?p_page=2&siteId=300"
    from portal_spider.urls import canonical_url

    spider.requested.update(canonical_url(u) for u in links)
    page2 = f"{SHIO}/jsp/zfxw_default_en.jsp?p_page=2&siteId=300"
    again = HtmlResponse(page2, body=body, request=Request(page2))  # the same items again: the end of the list
    assert spider.next_listing_url(again, 2) is None
