"""F2 (legacy China Daily template): eguizhou's 2013-14 pages."""

from __future__ import annotations

from tests.portal_cases import attachment, family_tests, paras, photo, stored_article, stored_counts

EG = "http://www.eguizhou.gov.cn"
TITLE = "Guizhou tea growers court European buyers"
PAGE1 = paras(
    "Tea growers from Guizhou province presented their green teas to buyers from Germany, France and the United Kingdom "
    "at a trade fair in Guiyang on Sunday.",
    "The province has 450,000 hectares of tea gardens, the largest area in China, and most of its growers have stopped "
    "using chemical pesticides, officials said.",
    "The full list of exhibitors is in the exhibitor directory published by the organizers.",
)
PAGE2 = "Exports of Guizhou tea reached 2,800 tons last year, and growers hope to double that within three years."

CASES = {
    "eguizhou_legacy": [
        # GB2312 bytes; header bar; byline line; headline repeated under the first photo; glued (Photo/...) credits;
        # older pager "Previous Page 1 2 Next Page"
        (f"{EG}/2014-06/09/content_18000001.htm", {
            "title": TITLE, "published": "2014-06-09", "date_source": "printed", "source": "chinadaily.com.cn",
            "byline": "Gu Ruoqi and Li Jun",
            "photos": [
                photo(f"{EG}/images/2014/06/09/tea1.jpg",
                      "Tea pickers work on a plantation in Meitan county, Guizhou province.", "China Daily Guizhou Office"),
                photo(f"{EG}/images/2014/06/09/tea2.jpg", "Buyers taste samples of Duyun Maojian tea at the fair.",
                      "China Daily Guizhou Office"),
            ],
            "body": PAGE1,
            "attachments": [attachment(f"{EG}/att/2014/exhibitors.pdf", "exhibitor directory")],
        }),
        (f"{EG}/2014-06/09/content_18000001_2.htm", {
            "title": TITLE, "published": "2014-06-09", "date_source": "printed", "source": "chinadaily.com.cn",
            "byline": "Gu Ruoqi and Li Jun", "body": PAGE2,
        }),
        (f"{EG}/2013-09/18/content_18000002.htm", {
            "title": "Libo karst forest draws record visitors", "published": "2013-09-18", "date_source": "printed",
            "source": None,
            "body": paras(
                "The Maolan karst forest in Libo county received more than 120,000 visitors during the Mid-Autumn "
                "Festival holiday, a record for the reserve.",
                "New walkways have opened to the Small Seven Holes scenic area.",
            ),
        }),
    ],
}

LISTINGS = {"eguizhou_legacy": [f"{EG}/2014-06/09/content_18000001.htm", f"{EG}/2013-09/18/content_18000002.htm"]}

test_article_field, test_listing_links = family_tests(CASES, LISTINGS)


def test_pages_of_an_article_are_reported_in_order():
    from tests.portal_cases import extract

    first = extract(CASES["eguizhou_legacy"][0][0])
    assert (first["pages"], first["next_pages"]) == (2, [f"{EG}/2014-06/09/content_18000001_2.htm"])


def test_crawl_stitches_the_legacy_article():
    assert stored_counts("eguizhou_legacy") == {"eguizhou_legacy": 2}
    assert stored_article(f"https://www.eguizhou.gov.cn/2014-06/09/content_18000001.htm") == (
        "eguizhou_legacy", TITLE, "2014-06-09", "printed", "chinadaily.com.cn", None, paras(PAGE1, PAGE2))
