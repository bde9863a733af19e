"""F5 (Hanweb JCMS ``/art/YYYY/M/D/art_<col>_<id>.html``): Zhejiang, Shaoxing, Jinan."""

from __future__ import annotations

from tests.portal_cases import attachment, family_tests, paras, photo, stored_article, stored_counts

ZJ = "https://english.zj.gov.cn"
SX = "https://en.sx.gov.cn"
JN = "https://english.jinan.gov.cn"
ZONE = paras(
    "Zhejiang province set up a cross-border e-commerce pilot zone in Hangzhou on Friday, allowing online retailers "
    "to clear customs faster.",
    "Companies in the zone can file one electronic declaration for each parcel instead of several paper forms.",
)

CASES = {
    "zhejiang": [
        (f"{ZJ}/art/2015/1/30/art_1150_9100001.html", {  # bare date-time, empty breadcrumb ">  >", download link
            "title": "Zhejiang sets up cross-border e-commerce zone", "published": "2015-01-30T11:09:40+08:00",
            "date_source": "printed", "source": None, "body": ZONE,
            "attachments": [attachment(f"{ZJ}/module/download/downfile.jsp?filename=1501301109.docx&classid=0",
                                       "Measures for the pilot zone")],
        }),
        (f"{ZJ}/art/2012/5/26/art_11126_9100002.html", {  # "> I WANT TO > …" breadcrumb without Home
            "title": "Tourism festivities across Zhejiang", "published": "2012-05-26T23:37:41+08:00",
            "date_source": "printed", "source": None, "section": ["I WANT TO", "Learn about Tourism Festivities"],
            "body": paras(
                "From tea-picking festivals in spring to lantern fairs in winter, Zhejiang holds more than 100 tourism "
                "festivals every year.",
                "The West Lake Expo in October is the largest, with trade fairs, performances and a lantern show on the "
                "lake.",
            ),
        }),
    ],
    "shaoxing": [
        (f"{SX}/art/2021/7/30/art_1501262_9100011.html", {
            "title": "Shaoxing yellow wine festival returns", "published": "2021-07-30T16:34+08:00",
            "date_source": "printed", "source": None, "section": ["Home", "Hot News"],
            "body": paras(
                "The Shaoxing yellow wine festival will return in September after a year's break, with tastings at 30 "
                "historic wineries.",
                "Visitors can take boat rides along the city's canals between the venues.",
            ),
        }),
        (f"{SX}/art/2007/7/26/art_4375_9100012.html", {  # 2007: GB2312, "Eyesight Protection:" widget, no date
            "title": "Lu Xun's hometown restored", "published": "2007-07-26", "date_source": "url", "source": None,
            "body": paras(
                "The former residence of the writer Lu Xun in Shaoxing reopened after restoration work on its courtyards "
                "and study.",
                "The site also includes the Sanwei Study, the school where Lu Xun studied as a boy.",
            ),
        }),
    ],
    "jinan": [(f"{JN}/art/2022/1/21/art_29558_9100021.html", {  # glued date line, empty [Photo/] credits
        "title": "Jinan's springs draw winter visitors", "published": "2022-01-21", "date_source": "printed",
        "source": "english.jinan.gov.cn", "section": ["Home", "News"],
        "photos": [
            photo(f"{JN}/picture/0/2201211003001.jpg", "Mist rises over Baotu Spring on a cold morning."),
            photo(f"{JN}/picture/0/2201211003002.jpg", "Ducks swim in Daming Lake."),
            photo(f"{JN}/picture/0/2201211003003.jpg", "Visitors at Heihu Spring.", "dzwww.com"),
        ],
        "body": paras(
            "Steam rising from Jinan's 72 famous springs has drawn photographers to the city's old town this winter.",
            "The water of the springs stays at about 18 C all year round.",
        ),
    })],
}

LISTINGS = {  # Zhejiang and Shaoxing list their items in <script type="text/xml"> record sets
    "zhejiang": [f"{ZJ}/art/2015/1/30/art_1150_9100001.html", f"{ZJ}/art/2012/5/26/art_11126_9100002.html"],
    "shaoxing": [f"{SX}/art/2021/7/30/art_1501262_9100011.html", f"{SX}/art/2007/7/26/art_4375_9100012.html"],
    "jinan": [f"{JN}/art/2022/1/21/art_29558_9100021.html"],
}

test_article_field, test_listing_links = family_tests(CASES, LISTINGS)


def test_crawl_reads_hanweb_record_lists():
    assert stored_counts(*LISTINGS) == {"zhejiang": 2, "shaoxing": 2, "jinan": 1}
    assert stored_article(f"{ZJ}/art/2015/1/30/art_1150_9100001.html") == (
        "zhejiang", "Zhejiang sets up cross-border e-commerce zone", "2015-01-30T11:09:40+08:00", "printed", None,
        None, ZONE)
