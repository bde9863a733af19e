"""F1 (China Daily-built CMS): the portals beyond Guiyang and eguizhou (those are in test_sample_portal_extract.py)."""

from __future__ import annotations

from tests.portal_cases import attachment, family_tests, paras, photo, stored_article, stored_counts

GZ = "https://www.eguangzhou.gov.cn"
XM = "https://en.fao.xm.gov.cn"
HZ = "https://www.ehangzhou.gov.cn"
ZJ = "https://www.ezhejiang.gov.cn"
CS = "https://en.csx.gov.cn"
KM = "https://en.www.km.gov.cn"

#: spiders whose exact-field tests live in tests/test_sample_portal_extract.py
COVERED_ELSEWHERE = ("guiyang", "eguizhou")

CANTON = paras(
    "The Canton Tower in Guangzhou's Haizhu district began a nightly light show on Monday to count down to the Spring "
    "Festival, its operator said.",
    "The 15-minute show combines the tower's 7,000 LED panels with music and runs at 7 pm and 9 pm until the Lantern "
    "Festival on Feb 15.",
    "Visitors can watch from Haixinsha Island or from cruise boats on the Pearl River, which have added evening trips "
    "during the holiday.",
)

CASES = {
    "eguangzhou": [
        (f"{GZ}/2022-01/18/c_1000301.htm", {  # headline and date on one line; related bullets; carousel
            "title": "Canton Tower light show marks Spring Festival countdown",
            "published": "2022-01-18", "date_source": "printed", "source": None, "section": ["Home", "Latest"],
            "photos": [photo(f"{GZ}/images/attachement/jpg/site1/20220118/7c3f21a9d04e11b2.jpg",
                             "The Canton Tower lights up in red and gold on Monday evening.", "provided to")],
            "body": CANTON,
        }),
        (f"{GZ}/2022-01/17/c_1000302.htm", {
            "title": "Guangzhou opens service hall for foreign investors",
            "published": "2022-01-17", "date_source": "printed", "source": "eguangzhou.gov.cn",
            "section": ["Home", "Latest"],
            "body": paras(
                "A service hall for foreign-invested companies opened in Guangzhou's Tianhe district on Monday, "
                "handling 120 kinds of business in one place.",
                "Staff members speak English, Japanese and Korean, and applicants can book appointments online in advance.",
            ),
        }),
        (f"{GZ}/gzbusiness/content/post_1000303.html", {  # the documented post_ variant: same template, no date
            "title": "Guide to setting up a company in Guangzhou", "published": None, "date_source": None,
            "source": None, "section": ["Home", "Business"],
            "body": paras(
                "Foreign investors can register a wholly foreign-owned company in Guangzhou online through the city's "
                "one-stop portal.",
                "Registration usually takes three working days once the documents are complete.",
            ),
        }),
    ],
    "xiamen": [(f"{XM}/2022-02/28/c_1000311.htm", {
        "title": "Xiamen consular corps visits Gulangyu heritage site",
        "published": "2022-02-28", "date_source": "printed", "source": "fao.xm.gov.cn",
        "section": ["Home", "News Center", "News"],
        "photos": [photo(f"{XM}/images/attachement/jpg/site3/20220228/00304546852_52dad08d.jpg",
                         "Diplomats walk past the Bagua Building on Gulangyu Island.", "WeChat account: XIAMENFAO")],
        "body": paras(
            "Consuls general and their staff from eight countries visited Gulangyu Island, a World Heritage site off "
            "Xiamen, on Feb 25 at the invitation of the municipal foreign affairs office.",
            "They toured the island's piano museum and historic villas and learned how the city protects buildings from "
            "the late 19th and early 20th centuries.",
            "The office has published a guide for foreign residents, Gulangyu visitor guide (PDF), which lists ferry "
            "times and museum hours.",
        ),
        "attachments": [attachment(f"{XM}/att/2022/gulangyu-guide.pdf", "Gulangyu visitor guide (PDF)")],
    })],
    "ehangzhou": [(f"{HZ}/2022-01/04/c_1000321.htm", {  # "January 4, 2022 L M S"; the caption's 2022 is not read
        "title": "West Lake boat tours add electric fleet",
        "published": "2022-01-04", "date_source": "printed", "source": "www.ehangzhou.gov.cn",
        "section": ["Home", "Latest"],
        "photos": [photo(f"{HZ}/images/attachement/jpg/site4/20220104/e6a0.jpg",
                         "Electric boats on West Lake, a venue for the 2022 Asian Games events.", "Liang Zhen/zjol.com.cn")],
        "body": paras(
            "Forty electric boats have joined the tour fleet on Hangzhou's West Lake, replacing diesel boats that had "
            "served visitors for two decades.",
            "The boats carry up to 20 passengers each and can run for eight hours on one charge, the West Lake scenic "
            "area administration said.",
        ),
    })],
    "ezhejiang": [
        (f"{ZJ}/jinhua/2020-04/10/c_1000331.htm", {  # page 1 of 2 (the crawl stitches page 2)
            "title": "Yiwu market reopens booths to overseas buyers",
            "published": "2020-04-10", "date_source": "printed", "source": "ezhejiang.gov.cn",
            "section": ["Home", "Jinhua"],
            "body": paras(
                "The Yiwu International Trade City in Jinhua reopened its booths to overseas buyers on Thursday, with "
                "health checks at every entrance.",
                "More than 70,000 shops have resumed business, selling toys, stationery and household goods.",
            ),
        }),
        (f"{ZJ}/jinhua/2020-04/10/c_1000331_2.htm", {
            "title": "Yiwu market reopens booths to overseas buyers",
            "published": "2020-04-10", "date_source": "printed", "source": "ezhejiang.gov.cn",
            "section": ["Home", "Jinhua"],
            "photos": [photo(f"{ZJ}/jinhua/images/attachement/jpg/site5/20200410/yw2.jpg",
                             "Buyers from the Middle East look at samples in a toy shop.", "zjol.com.cn")],
            "body": "Freight trains from Yiwu to Europe are running on schedule, the market's operator said.",
        }),
    ],
    "changsha": [(f"{CS}/2024-05/10/c_1000341.htm", {  # no charset declared; <br><br> body in a table cell
        "title": "Changsha opens night bus line to airport",
        "published": "2024-05-10T08:40+08:00", "date_source": "printed", "source": "en.csx.gov.cn",
        "section": ["Home", "News"],
        "body": paras(
            "A night bus line linking downtown Changsha with Huanghua International Airport began service on Thursday.",
            "The line runs every 30 minutes from 10 pm to 5 am and stops at Wuyi Square and the South Railway Station.",
            "A single ride costs 18 yuan, payable by transit card or mobile phone.",
        ),
    })],
    "kunming": [(f"{KM}/2021-06/02/c_1000351.htm", {  # GB2312-declared bytes
        "title": "Kunming flower market ships overseas",
        "published": "2021-06-02T09:15:30+08:00", "date_source": "printed", "source": "en.www.km.gov.cn",
        "section": ["Home", "News"],
        "photos": [photo(f"{KM}/images/attachement/jpg/site6/20210602/km1.jpg",
                         "Workers pack roses at the Dounan flower market.", "Kunming Daily")],
        "body": paras(
            "The Dounan flower market in Kunming’s Chenggong district shipped fresh flowers to more than 40 countries "
            "and regions in May, its operator said.",
            "Roses, carnations and lilies made up most of the exports, with buyers in Japan, Thailand and the "
            "Netherlands placing regular orders.",
        ),
    })],
}

LISTINGS = {
    "eguangzhou": [f"{GZ}/2022-01/18/c_1000301.htm", f"{GZ}/2022-01/17/c_1000302.htm",
                   f"{GZ}/gzbusiness/content/post_1000303.html"],
    "xiamen": [f"{XM}/2022-02/28/c_1000311.htm"],
    "ehangzhou": [f"{HZ}/2022-01/04/c_1000321.htm"],
    "ezhejiang": [f"{ZJ}/jinhua/2020-04/10/c_1000331.htm"],
    "changsha": [f"{CS}/2024-05/10/c_1000341.htm"],
    "kunming": [f"{KM}/2021-06/02/c_1000351.htm"],
}

test_article_field, test_listing_links = family_tests(CASES, LISTINGS)


def test_crawl_stores_every_f1_article_once_and_stitches_pages():
    assert stored_counts(*LISTINGS) == {"eguangzhou": 3, "xiamen": 1, "ehangzhou": 1, "ezhejiang": 1, "changsha": 1,
                                        "kunming": 1}
    portal, title, published, date_source, source, section, body = stored_article(f"{ZJ}/jinhua/2020-04/10/c_1000331.htm")
    assert (portal, title, published, date_source, source, section) == (
        "ezhejiang", "Yiwu market reopens booths to overseas buyers", "2020-04-10", "printed", "ezhejiang.gov.cn",
        "Home > Jinhua")
    assert body == paras(CASES["ezhejiang"][0][1]["body"], CASES["ezhejiang"][1][1]["body"])
