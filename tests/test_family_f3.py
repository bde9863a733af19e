"""F3 (State Council, english.www.gov.cn = english.gov.cn)."""

from __future__ import annotations

from tests.portal_cases import attachment, family_tests, paras, stored_article, stored_counts

SC = "https://english.www.gov.cn"
PREMIER = paras(
    "Premier Li Keqiang called for more efforts to keep employment stable at a State Council executive meeting on "
    "Tuesday.",
    "The meeting decided to expand support for college graduates who start businesses and for workers who lose their "
    "jobs as industries cut overcapacity.",
    "Local governments were asked to simplify procedures for the registration of small firms.",
)

CASES = {
    "statecouncil": [
        (f"{SC}/news/topnews/2017/01/03/content_281475532000001.htm", {  # 12-hour clock, agency after the date
            "title": "Premier Li calls for steady growth in job market", "published": "2017-01-03T16:35+08:00",
            "date_source": "printed", "source": "Xinhua", "body": PREMIER,
        }),
        (f"{SC}/news/202407/26/content_WS66a2d827c6d0868f4e8e9000.html", {  # no date line: PubDate meta
            "title": "China extends visa-free entry to more countries", "published": "2024-07-26T16:05:00+08:00",
            "date_source": "meta", "source": "Xinhua",
            "body": paras(
                "China will extend its visa-free policy to ordinary passport holders from six more countries starting "
                "Aug 1, the National Immigration Administration said on Friday.",
                "Visitors from these countries can stay for up to 15 days for business, tourism or family visits.",
                "The list of eligible ports is given in the list of entry ports.",
            ),
            "attachments": [attachment(f"{SC}/att/2024/ports-list.pdf", "list of entry ports")],
        }),
        (f"{SC}/policies/policy_watch/2016/08/15/content_281475417000002.htm", {
            "title": "Guideline issued on rural e-commerce", "published": "2016-08-15T14:09+08:00",
            "date_source": "printed", "source": None,
            "body": paras(
                "The State Council issued a guideline on Monday to bring e-commerce to more villages by 2020.",
                "It asks local governments to build delivery stations and to train farmers to sell their produce online.",
            ),
        }),
    ],
}

# english.gov.cn and english.www.gov.cn spell one article: one link
LISTINGS = {"statecouncil": [f"{SC}/news/topnews/2017/01/03/content_281475532000001.htm",
                             f"{SC}/news/202407/26/content_WS66a2d827c6d0868f4e8e9000.html"]}

test_article_field, test_listing_links = family_tests(CASES, LISTINGS)


def test_crawl_stores_each_state_council_article_once():
    assert stored_counts("statecouncil") == {"statecouncil": 3}
    assert stored_article(f"{SC}/news/topnews/2017/01/03/content_281475532000001.htm") == (
        "statecouncil", "Premier Li calls for steady growth in job market", "2017-01-03T16:35+08:00", "printed",
        "Xinhua", None, PREMIER)
