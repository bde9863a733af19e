"""F7 (Sichuan), F8 (Shaanxi) and F10 (legacy Guiyang)."""

from __future__ import annotations

from tests.portal_cases import attachment, family_tests, paras, photo, stored_article, stored_counts

SC = "https://www.sc.gov.cn/10462/10758/10760/10765"
SX = "http://english.shaanxi.gov.cn"
GY = "http://en.www.guiyang.gov.cn"
H1 = "af03c6a54b374b77a9f47960d6c81111"
MAYOR = paras(
    "Guiyang welcomes investors in big data, tourism and modern agriculture, the mayor told a meeting of foreign chambers "
    "of commerce on Tuesday.",
    "The city will cut the time needed to register a company to three working days.",
)

CASES = {
    "sichuan": [
        (f"{SC}/2024/2/7/{H1}.shtml", {  # no date line; paragraphs indented with two no-break spaces
            "title": "Sichuan opens panda research base to school groups", "published": "2024-02-07",
            "date_source": "url", "source": None,
            "body": paras(
                "The Chengdu Research Base of Giant Panda Breeding will offer free morning visits to school groups from "
                "March.",
                "Students will learn how keepers feed the pandas and care for newborn cubs.",
                "Schools can download the booking form from the provincial education department's website.",
            ),
            "attachments": [attachment("https://www.sc.gov.cn/att/2024/panda-visits.xls", "booking form")],
        }),
        (f"{SC}/2018/5/23/9300002.shtml", {  # GB2312; paragraphs run together, split at the ideographic indent
            "title": "Sichuan marks Wenchuan earthquake anniversary with new museum hall", "published": "2018-05-23",
            "date_source": "url", "source": None,
            "body": paras(
                "A new exhibition hall opened at the Wenchuan earthquake memorial museum in Yingxiu town on the tenth "
                "anniversary of the disaster.",
                "The hall shows how the towns of the region were rebuilt after the earthquake.",
            ),
        }),
    ],
    "shaanxi": [
        (f"{SX}/octzwosx/top/9400001.htm", {  # date and source on one line; uncredited caption right under it
            "title": "Terracotta Warriors museum adds night tours", "published": "2017-01-13T14:26:46+08:00",
            "date_source": "printed", "source": "The Government Website of Shaanxi Province",
            "photos": [photo(f"{SX}/attached/image/20170113/20170113142559_1234.jpg",
                             "Visitors view the terracotta figures in Pit 1 during a trial night tour.")],
            "body": paras(
                "The Emperor Qinshihuang's Mausoleum Site Museum in Xi'an will open Pit 1 to visitors until 9 pm on "
                "Fridays and Saturdays from February.",
                "Night tickets cost 120 yuan and include a guided tour in English or Chinese.",
            ),
        }),
        (f"{SX}/news/shaanxinews/9400002.htm", {  # GBK
            "title": "Shaanxi invites bids for apple processing park", "published": "2019-03-05T09:00:00+08:00",
            "date_source": "printed", "source": "Commerce Department of Shaanxi Province",
            "body": paras(
                "Shaanxi province is inviting investors to build an apple processing park in Luochuan county, China’s "
                "largest apple-growing county.",
                "The park will produce juice, dried fruit and apple cider vinegar.",
            ),
            "attachments": [attachment(f"{SX}/upload/2019/apple-park.doc", "Investor application form")],
        }),
    ],
    "guiyang_legacy": [(f"{GY}/c16405/index.html", {  # side word "General Survey", lower-case "home >" trail
        "title": "Mayor's address to foreign investors", "published": "2018-03-27", "date_source": "printed",
        "source": "Guiyang China", "section": ["home", "Government", "Mayor speech"], "body": MAYOR,
        "attachments": [attachment(f"{GY}/uploadfiles/2018/investment-guide.doc", "Investment guide")],
    })],
}

LISTINGS = {
    "sichuan": [f"{SC}/2024/2/7/{H1}.shtml", f"{SC}/2018/5/23/9300002.shtml"],
    "shaanxi": [f"{SX}/octzwosx/top/9400001.htm", f"{SX}/news/shaanxinews/9400002.htm"],
    "guiyang_legacy": [f"{GY}/c16405/index.html"],  # its own section links (same URL shape) are not articles
}

test_article_field, test_listing_links = family_tests(CASES, LISTINGS)


def test_the_f10_section_page_is_not_an_article():
    from tests.portal_cases import extract

    assert extract(f"{GY}/c5300/index.html")["is_article"] is False


def test_crawl_stores_sichuan_shaanxi_and_legacy_guiyang():
    assert stored_counts(*LISTINGS) == {"sichuan": 2, "shaanxi": 2, "guiyang_legacy": 1}
    assert stored_article("https://en.www.guiyang.gov.cn/c16405/") == (
        "guiyang_legacy", "Mayor's address to foreign investors", "2018-03-27", "printed", "Guiyang China",
        "home > Government > Mayor speech", MAYOR)
