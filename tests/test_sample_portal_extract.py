"""Exact-value extraction tests over the bundled sample portal.

Each fixture page under ``portal_spider/sample_portal/sites/<host>/<path>`` holds the raw
response bytes of ``https://<host>/<path>``; an optional ``<file>.headers`` sidecar holds the
HTTP header lines the sample server sends with it (without one it sends
``Content-Type: text/html`` and no charset).  The tests feed exactly those bytes and headers
to ``portal_spider.extract.extract_article`` and compare against the values written down in
``portal_spider/sample_portal/EXPECTED.md``.

The fixtures' markup is invented (the real portals' HTML is not documented; only their
visible text layout is, in docs/families.md), so these tests pin what a reader sees, not
which element holds it.

Contract of ``extract_article(body, url, headers) -> dict`` (the keys asserted here):
``is_article``, ``reject_reason``, ``title``, ``published``, ``date_source``, ``date_raw``,
``source``, ``byline``, ``section``, ``photos`` (``src``/``caption``/``credit``), ``body``,
``pages``, ``next_pages``, ``attachments`` (``url``/``text``).
"""

from __future__ import annotations

import html.parser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from portal_spider.sample_portal import url_file

SAMPLE = Path(__file__).resolve().parents[1] / "portal_spider" / "sample_portal"
SITES = SAMPLE / "sites"
OVERLAYS = SAMPLE / "overlays"

GY = "https://english.guiyang.gov.cn"
NM = "https://nanming.english.guiyang.gov.cn"
EG = "https://www.eguizhou.gov.cn"


# --------------------------------------------------------------------------- loading pages

def fixture_file(url: str, overlay: str | None = None) -> Path:
    """The file that the sample server answers ``url`` with (overlay first, as the server does)."""
    rel = url_file(url)
    if overlay:
        candidate = OVERLAYS / overlay / rel
        if candidate.is_file():
            return candidate
    return SITES / rel


def response_headers(file: Path) -> dict[str, str]:
    """Headers as the sample server sends them: the sidecar's lines, else a bare text/html."""
    headers: dict[str, str] = {}
    sidecar = file.with_name(file.name + ".headers")
    if sidecar.is_file():
        for line in sidecar.read_text("utf-8").splitlines():
            if line.startswith("HTTP/") or ":" not in line:
                continue
            name, _, value = line.partition(":")
            headers[name.strip()] = value.strip()
    if not any(name.lower() == "content-type" for name in headers):
        headers["Content-Type"] = "text/html"
    return headers


_RESULTS: dict[tuple[str, str | None], dict] = {}


def extract(url: str, overlay: str | None = None) -> dict:
    key = (url, overlay)
    if key not in _RESULTS:
        from portal_spider.extract import extract_article

        file = fixture_file(url, overlay)
        _RESULTS[key] = extract_article(file.read_bytes(), url, response_headers(file))
    return _RESULTS[key]


def paras(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def photo(src: str, caption: str, credit: str | None) -> dict:
    return {"src": src, "caption": caption, "credit": credit}


# --------------------------------------------------------------------------- expected values

A9_TITLE = "Guizhou data center cluster expands computing capacity"
A9_BODY = paras(
    "The national computing hub node in Guizhou has added 12 new data centers over the past year, bringing the number "
    "of servers in operation to more than 1.2 million, provincial authorities said.",
    "Most of the new capacity is in the Gui'an New Area, between Guiyang and Anshun, where a cool climate and stable "
    "power supply help cut the cost of cooling.",
    "Companies including major telecom operators and internet firms have moved storage and computing services for their "
    "customers in eastern China to the cluster under the country's East Data, West Computing project.",
    "Guizhou aims to make its digital economy account for more than 40 percent of its GDP by 2025.",
    "The province is also training data engineers at local universities and vocational colleges to meet demand from "
    "the industry.",
)
A9_CAPTION = "Engineers inspect servers at a data center in Gui'an New Area, Guizhou province."

A2_P1 = ("Consular officials from six countries visited the Guiyang Global Big Data Exchange on Dec 13 to learn how data "
         "are traded and priced as assets in the city.")
A2_P2 = ("The delegation, organized by the Guiyang Municipal Foreign Affairs Office, included diplomats from the consulates "
         "general of Thailand, Cambodia, Laos, Malaysia, Myanmar and Vietnam based in Chongqing and Chengdu.")
A2_P4 = ("The visitors also toured a data center in the Gui'an New Area and exchanged views with local companies on "
         "cooperation in cloud services and cross-border e-commerce.")

A7 = {
    "title": "Nanming district's consumer market keeps growing",
    "published": "2024-03-21",
    "date_source": "printed",
    "date_raw": "2024-03-21",
    "source": "english.guiyang.gov.cn",
    "byline": None,
    "section": ["Home", "News"],
    "photos": [photo(f"{GY}/nanming/images/attachement/jpg/site2/20240321/5e0f6a9c1b2d4e3f7a8b90.jpg",
                     "Shoppers walk along a pedestrian street in Nanming district.", "gywb.cn")],
    "body": paras(
        "Retail sales of consumer goods in Guiyang's Nanming district reached 26.71 billion yuan last year, up 8.2 "
        "percent year-on-year, the district's bureau of commerce said.",
        "Catering, tourism and night markets led the growth, with the Qingyun Road night market alone attracting more "
        "than 5 million visits.",
        "The district plans to renovate four commercial streets this year and will hold a consumption festival in May "
        "with discount coupons worth 10 million yuan.",
        "It will also support time-honored brands and encourage shopping malls to open later on weekends.",
    ),
}

#: id -> (url, overlay, expected fields).  Absent keys are not asserted for that page.
EXPO_P2 = ("More than 300 companies from 25 countries and regions are showing computing, storage and artificial "
           "intelligence products at the four-day fair in Guanshanhu district.")
EXPO_P3 = ("Guizhou has hosted the expo every year since 2015. The province plans to build a national big data hub "
           "under the 14th Five-Year Plan (2021-2025), and its data centers now run more than 1.2 million servers.")
EXPO_P4 = ("Forums on data security, cross-border data flows and computing power for small firms are open to the public "
           "on Saturday and Sunday.")

ARTICLES: dict[str, tuple[str, str | None, dict]] = {
    "A1": (f"{GY}/2024-01/31/c_1000101.htm", None, {
        "title": "Guiyang rolls out Spring Festival travel packages for visitors",
        "published": "2024-01-31T18:17:01+08:00",
        "date_source": "printed",
        "date_raw": "2024-01-31 18:17:01",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "News"],
        "photos": [photo(f"{GY}/images/attachement/jpg/site2/20240131/f44d305ea4d52703f9f02a.jpg",
                         "Visitors admire lanterns at Qingyan ancient town in Guiyang, Southwest China's Guizhou province.",
                         "guiyang.gov.cn")],
        "body": paras(
            "Guiyang, capital of Southwest China's Guizhou province, has launched 12 themed travel packages for the "
            "coming Spring Festival holiday, the municipal culture and tourism bureau said on Wednesday.",
            "The packages combine visits to ancient towns, hot springs and mountain parks with folk performances by "
            "local Miao and Buyi communities, and are priced from 168 yuan per person for a one-day tour.",
            "\"We want visitors to see a Guiyang that is warm in winter in every sense,\" said an official with the "
            "bureau, adding that most scenic spots will extend their opening hours during the holiday.",
            "Qingyan ancient town, one of the city's most popular destinations, will host a lantern fair from Feb 9 to "
            "Feb 24, with more than 3,000 handmade lanterns on display along its stone streets.",
            "Tianhe Pool and Xiaochehe wetland park will offer free guided walks in English and Chinese every weekend, "
            "while several hot spring resorts in Xifeng county have added family tickets.",
            "To ease traffic, the city will add 46 shuttle bus runs between the high-speed railway stations and major "
            "scenic areas, and tourists can check real-time crowd levels through a mini program on WeChat.",
            "The bureau also reminded visitors that the Guiyang Longdongbao International Airport expects to handle "
            "about 1.2 million passengers during the 40-day travel rush.",
            "Hotels in the Huaxi and Wudang districts reported that bookings for the holiday week were already 30 "
            "percent higher than last year.",
            "Visitors who need help can call the tourism service hotline 12345, which has English-speaking operators "
            "from 8 am to 10 pm daily.",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "A2": (f"{GY}/2023-12/15/c_1000102.htm", None, {
        "title": "Consuls from six countries tour Guiyang's big data exchange",
        "published": "2023-12-15",
        "date_source": "printed",
        "date_raw": "2023-12-15",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "News"],
        "photos": [],  # the sidebar carousel's four slides are not article photos
        "body": paras(
            A2_P1, A2_P2,
            "Staff members at the exchange explained its rules for data registration and showed a trading platform that "
            "has listed more than 1,200 data products since it opened.",
            A2_P4,
        ),
        "pages": 1,  # the carousel's bare "1 2 3 4" row is not a pager
        "next_pages": [],
        "attachments": [],
    }),
    "A2-revised": (f"{GY}/2023-12/15/c_1000102.htm", "revised", {
        "title": "Consuls from six countries visit Guiyang's big data exchange",
        "published": "2023-12-15",
        "date_source": "printed",
        "date_raw": "2023-12-15",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "News"],
        "photos": [],
        "body": paras(
            A2_P1, A2_P2,
            "Staff members at the exchange explained its rules for data registration and showed a trading platform that "
            "has listed more than 1,500 data products since it opened in 2015.",
            A2_P4,
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "A3": (f"{GY}/huaxi/2023-08/04/c_1000103.htm", None, {
        "title": "Huaxi wetland park draws summer crowds with night tours",
        "published": "2023-08-04",
        "date_source": "printed",
        "date_raw": "2023-08-04",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "Discover beautiful Huaxi"],
        "photos": [
            photo(f"{GY}/huaxi/images/attachement/jpg/site2/20230804/a41f726b05832658e0ed0f.jpg",
                  "Tourists take a bamboo raft ride on the Huaxi River.", "Guiyang news network"),
            photo(f"{GY}/huaxi/images/attachement/jpg/site2/20230804/640%20(1).jpg",
                  "Lights illuminate a footbridge at the Shiliheping wetland park during a night tour.",
                  "provided to english.guiyang.gov.cn"),
            photo(f"{GY}/huaxi/images/attachement/png/site2/20230804/1692006441170038930.png",
                  "View of the Huaxi wetland at dusk.", "Jiang Yangbo/for China Daily"),
        ],
        "body": paras(
            "The Shiliheping wetland park in Guiyang's Huaxi district has received more than 800,000 visitors since "
            "July, as night tours and river activities proved popular with families escaping the summer heat.",
            "The park opens until 10:30 pm on weekends, and a lighting project along 3 kilometers of the Huaxi River "
            "has turned its footbridges and waterwheels into a favorite backdrop for photographs.",
            "Local villagers run food stalls selling rice tofu, sour soup fish and other Buyi dishes near the park's "
            "south gate, and a folk song stage hosts performances every Friday and Saturday evening.",
            "The district has also opened 11 new parking lots and a shuttle line linking the park with Huaxi Old Street "
            "and Qingyan ancient town.",
            "With average temperatures of around 24 C in summer, Huaxi is promoting itself as a cool retreat for "
            "visitors from Chongqing, Guangdong and Hunan.",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "A4": (f"{GY}/2024-02/20/c_1000104.htm", None, {
        "title": "Guiyang Metro Line 3: what passengers need to know",
        "published": "2024-02-20T09:30+08:00",
        "date_source": "printed",
        "date_raw": "2024-02-20 09:30",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "News"],
        "photos": [],
        "body": paras(
            "Guiyang Metro Line 3, the city's third subway line, has been in operation for two months, linking the "
            "Wudang district in the northeast with the Huaxi district in the south.",
            "The line runs 43 kilometers and has 29 stations, 10 of which offer transfers to Line 1, Line 2 or the S1 "
            "line, according to the Guiyang Urban Rail Transit Group.",
            "Trains run from 6:30 am to 11 pm, with intervals of about six minutes during the morning and evening rush "
            "hours.",
        ),
        "pages": 3,
        "next_pages": [f"{GY}/2024-02/20/c_1000104_2.htm", f"{GY}/2024-02/20/c_1000104_3.htm"],
        "attachments": [],
    }),
    "A4-p2": (f"{GY}/2024-02/20/c_1000104_2.htm", None, {
        "title": "Guiyang Metro Line 3: what passengers need to know",
        "published": "2024-02-20T09:30+08:00",
        "date_source": "printed",
        "date_raw": "2024-02-20 09:30",
        "source": "english.guiyang.gov.cn",
        "photos": [photo(f"{GY}/images/attachement/jpg/site2/20240220/b8aeed990b6d2711f6bc17.jpg",
                         "Passengers board a Line 3 train at Guiyang North Railway Station.", "ddcpc website")],
        "body": paras(
            "Single-journey fares range from 2 yuan to 7 yuan, and passengers can pay with transit cards, QR codes on "
            "their phones or bank cards that support contactless payment.",
            "Foreign visitors can buy tickets at machines with English menus at every station, and station staff at "
            "Guiyang North Railway Station have received training in basic English.",
        ),
        "attachments": [],
    }),
    "A4-p3": (f"{GY}/2024-02/20/c_1000104_3.htm", None, {
        "title": "Guiyang Metro Line 3: what passengers need to know",
        "published": "2024-02-20T09:30+08:00",
        "date_source": "printed",
        "date_raw": "2024-02-20 09:30",
        "source": "english.guiyang.gov.cn",
        "photos": [],
        "body": paras(
            "Line 3 stops near several tourist attractions, including Qianling Mountain Park, the Guizhou Provincial "
            "Museum and Huaxi Old Street.",
            "The city plans to open the S2 line in the next few years, bringing its rail network to more than 200 "
            "kilometers.",
        ),
        "attachments": [],
    }),
    "A5": (f"{GY}/2025-03/20/c_1000106.htm", None, {
        "title": "Volunteers honored for service at Guiyang lantern festival",
        "published": "2025-03-20",  # no date line anywhere: the URL date, not the event date in the body
        "date_source": "url",
        "date_raw": "2025-03/20",
        "source": None,
        "byline": None,
        "section": [],
        "photos": [],
        "body": paras(
            "Guiyang has honored 120 volunteers for their service at the Lantern Festival celebrations held in the "
            "city's Yunyan district.",
            "On February 16, more than 60,000 people gathered at Jiaxiu Pavilion and along the Nanming River to watch "
            "lantern displays, dragon dances and fireworks.",
            "According to a notice from the district dated 2025-02-16, the volunteers guided visitors, helped lost "
            "children find their families and answered questions in English, French and Korean.",
            "The district said it would recruit more multilingual volunteers for major events later this year.",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "A6": (f"{GY}/baiyun/2021-02/09/c_1000107.htm", None, {
        "title": "Baiyun district dresses up for Spring Festival",
        "published": "2021-02-09",
        "date_source": "printed",
        "date_raw": "2021-02-09",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "Districts", "Baiyun"],
        "photos": [
            photo(f"{GY}/baiyun/images/attachement/jpg/site2/20210209/c29dbb7a18e81d0c8e5104.jpg",
                  "Red lanterns line a street in Guiyang's Baiyun district ahead of the Spring Festival.",
                  "Tianyan news network"),
            photo(f"{GY}/baiyun/images/attachement/jpg/site2/20210209/c29dbb7a18e81d0c8e5105.jpg",
                  "Residents buy Spring Festival couplets at a market in Baiyun district.", "gywb.cn"),
            photo(f"{GY}/baiyun/images/attachement/jpg/site2/20210209/c29dbb7a18e81d0c8e5106.jpg",
                  "A light show is staged at Baiyun Park to greet the Year of the Ox.", "Guiyang Daily"),
        ],
        "body": "",  # a photo story: captions and a file-name line only
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "A7": (f"{NM}/2024-03/21/c_1000105.htm", None, {**A7, "pages": 1, "next_pages": [], "attachments": []}),
    "A7-path": (f"{GY}/nanming/2024-03/21/c_1000105.htm", None, {**A7, "pages": 1, "next_pages": [], "attachments": []}),
    "A8": (f"{NM}/2024-02/23/c_1000108.htm", None, {
        "title": "Night economy lights up Nanming",
        "published": "2024-02-23",
        "date_source": "printed",
        "date_raw": "2024-02-23",
        "source": "chinadaily.com.cn",
        "byline": "Zhang Wei",
        "section": ["Home", "News"],
        "photos": [],
        "body": paras(
            "As dusk falls over the Nanming River, stalls at the Qingyun Road night market begin to fill with the smell "
            "of grilled tofu and rice noodles.",
            "The market is part of a push by Guiyang's Nanming district to develop its night economy, which helped lift "
            "the district's retail sales to 26.71 billion yuan in 2023.",
            "Local officials said the district would add more cultural performances and late-night bus services to keep "
            "visitors coming after dark.",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "A9": (f"{GY}/2024-03/01/c_1000109.htm", None, {
        "title": A9_TITLE,
        "published": "2024-03-01",
        "date_source": "printed",
        "date_raw": "2024-03-01",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "News"],
        "photos": [photo(f"{GY}/images/attachement/jpg/site2/20240301/0c3bd1e2f4a9574e1a6b09.jpg", A9_CAPTION, "CFP")],
        "body": A9_BODY,
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "A9-eguizhou": (f"{EG}/2024-03/01/c_1000201.htm", None, {
        "title": A9_TITLE,
        "published": "2024-03-01T16:05+08:00",
        "date_source": "printed",
        "date_raw": "2024-03-01 16:05",
        "source": "eguizhou.gov.cn",
        "byline": None,
        "section": ["Home", "Latest"],
        "photos": [photo(f"{EG}/images/attachement/jpg/site1/20240301/9a7e3c51d0f2b8846e2d15.jpg", A9_CAPTION, "CFP")],
        "body": A9_BODY,
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "A10": (f"{GY}/2024-04/03/c_1000112.htm", None, {
        "title": "Guiyang opens service center for foreign residents",
        "published": "2024-04-03",
        "date_source": "printed",
        "date_raw": "2024-04-03",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "News"],
        "photos": [],
        "body": paras(
            "A one-stop service center for foreign residents opened on Wednesday in the administrative service hall of "
            "the Guiyang Municipal People’s Government.",
            "Foreigners living in Guiyang can apply for residence permits, register their addresses and get help with "
            "bank accounts, mobile payment and medical insurance at the center.",
            "The center has staff who speak English and French, and it will open an online booking channel next month.",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "A11": (f"{GY}/2024-04/04/c_1000113.htm", None, {
        "title": "Tea week brings Guizhou’s green tea to Guiyang residents",
        "published": "2024-04-04T15:42:10+08:00",
        "date_source": "printed",
        "date_raw": "2024-04-04 15:42:10",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "News"],
        "photos": [],
        "body": paras(
            "The 2024 Guiyang Spring Tea Week opened on Thursday at Qianling Mountain Park, with growers from 30 "
            "counties showing their first harvest of the year.",
            "Visitors tasted Duyun Maojian, Meitan Cuiya and other green teas — many picked only days earlier — and "
            "watched tea masters demonstrate traditional roasting by hand.",
            "“Tea connects the hills to the city,” said an official of the Guiyang Municipal People’s Government, who "
            "noted that tea gardens cover more than 10,000 hectares in the city’s outskirts.",
            "The week also features a photography exhibition, Tea · Mountains · People, and runs until April 10.",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "private": (f"{GY}/private/2024-01/05/c_1000199.htm", None, {
        "title": "Visitor statistics for January under review",
        "published": "2024-01-05",
        "date_source": "printed",
        "date_raw": "2024-01-05",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "News"],
        "photos": [],
        "body": paras(
            "The municipal culture and tourism bureau is checking preliminary visitor figures for the New Year holiday "
            "before they are published.",
            "This page is an internal draft and is not meant to be listed on the portal.",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "B1": (f"{EG}/2024-03/13/c_1000202.htm", None, {
        "title": "Guizhou adds international flights as inbound travel recovers",
        "published": "2024-03-13",  # printed date-only line beats the PubDate meta's 11:08
        "date_source": "printed",
        "date_raw": "2024-03-13",
        "source": None,
        "byline": "Li Ming",
        "section": ["Home", "Latest"],
        "photos": [photo(f"{EG}/images/attachement/jpg/site1/20240313/6b0d7f2c49e1a35b88c017.jpg",
                         "A plane takes off from Guiyang Longdongbao International Airport.", "colorful Guizhou network")],
        "body": paras(
            "Guizhou province will have 16 international and regional air routes by the end of March, as airlines resume "
            "and add flights to Southeast Asia, Japan and South Korea.",
            "A new route linking Guiyang with Bangkok began operations on Tuesday, with four flights a week operated by "
            "a Thai carrier.",
            "Flights to Singapore, Kuala Lumpur and Osaka will follow later this month, according to the provincial "
            "department of culture and tourism.",
            "The province received more than 90,000 inbound visitors last year, and officials expect the number to "
            "double in 2024 as visa-free policies take effect.",
            "Major scenic areas, including the Huangguoshu Waterfall and the Fanjing Mountain, have added English signs "
            "and accept foreign bank cards.",
            "Travel agencies in Guiyang said that inquiries from overseas tourists for the summer season had risen "
            "sharply since January.",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "B2": (f"{EG}/guiyang/2020-06/25/c_1000203.htm", None, {
        "title": "Guiyang issues plan to build digital economy hub",
        "published": "2020-06-25T10:12+08:00",
        "date_source": "printed",
        "date_raw": "2020-06-25 10:12",
        "source": "eguizhou.gov.cn",
        "byline": None,
        "section": ["Home", "Guiyang"],
        "photos": [],
        "body": paras(
            "Guiyang has released an action plan to make the digital economy a pillar of its economy by 2025, focusing "
            "on big data, cloud computing and smart manufacturing.",
            "Under the plan, the city will build new 5G base stations, support data centers in the Gui'an New Area and "
            "help traditional factories digitize their production lines.",
            "Details of the 50 key projects are listed in the Full text of the plan (PDF), which is available in Chinese "
            "and English.",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [{"url": f"{EG}/att/2020/plan.pdf", "text": "Full text of the plan (PDF)"}],
    }),
    # the demo's overlay: a story with Chinese words, and its syndicated copy (reworded lead, editor line)
    "A12-demo": (f"{GY}/2024-05/17/c_1000114.htm", "demo", {
        "title": "Guiyang big data expo signs 120 projects",
        "published": "2024-05-17T20:15+08:00",
        "date_source": "printed",
        "date_raw": "2024-05-17 20:15",
        "source": "english.guiyang.gov.cn",
        "byline": None,
        "section": ["Home", "News"],
        "photos": [photo(f"{GY}/images/attachement/jpg/site2/20240517/3f8a1c6d2e9b7054a1c3e8.jpg",
                         "Visitors try a self-driving shuttle at the expo center in Guiyang (贵阳).",
                         "english.guiyang.gov.cn")],
        "body": paras(
            "The China International Big Data Industry Expo (数博会) opened in Guiyang (贵阳) on Friday, with 120 "
            "projects worth 31.2 billion yuan signed on its first day, the organizers said.",
            EXPO_P2, EXPO_P3, EXPO_P4,
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
    "B4-demo": (f"{EG}/2024-05/18/c_1000204.htm", "demo", {
        "title": "Big data expo in Guiyang signs 120 projects",
        "published": "2024-05-18T09:40+08:00",
        "date_source": "printed",
        "date_raw": "2024-05-18 09:40",
        "source": "eguizhou.gov.cn",
        "byline": None,
        "section": ["Home", "Latest"],
        "photos": [photo(f"{EG}/images/attachement/jpg/site1/20240518/5d2c9e0a7b3f41e8c6a190.jpg",
                         "Visitors try a self-driving shuttle at the expo center in Guiyang (贵阳).",
                         "english.guiyang.gov.cn")],
        "body": paras(
            "Organizers said 120 projects worth 31.2 billion yuan were signed on Friday, the first day of the China "
            "International Big Data Industry Expo (数博会) in Guiyang (贵阳).",
            EXPO_P2, EXPO_P3, EXPO_P4, "(Source: english.guiyang.gov.cn; editor: Wu Fang)",
        ),
        "pages": 1,
        "next_pages": [],
        "attachments": [],
    }),
}

#: Pages that are not articles: id -> (url, kind).  Only ``is_article is False`` is asserted.
NOT_ARTICLES: dict[str, str] = {
    "N1-challenge": f"{GY}/2024-04/01/c_1000110.htm",
    "N2-empty-shell": f"{GY}/2024-04/02/c_1000111.htm",
    "list-guiyang-news": f"{GY}/news.html",
    "list-guiyang-news-2": f"{GY}/news_2.html",
    "list-guiyang-wsb": f"{GY}/wsb/foreignaffairsofficenews.html",
    "list-nanming-news": f"{NM}/news.html",
    "list-eguizhou-latest": f"{EG}/2023guizhoulatest.html",
    "list-eguizhou-latest-2": f"{EG}/2023guizhoulatest_2.html",
}

#: Listing pages and the article URLs their item anchors point to (resolved, fragment and query dropped).
LISTINGS: dict[str, list[str]] = {
    f"{GY}/news.html": [
        f"{GY}/2025-03/20/c_1000106.htm", f"{GY}/2024-04/04/c_1000113.htm", f"{GY}/2024-04/03/c_1000112.htm",
        f"{GY}/2024-03/01/c_1000109.htm", f"{GY}/2024-02/20/c_1000104.htm", f"{GY}/2024-01/31/c_1000101.htm",
    ],
    f"{GY}/news_2.html": [
        f"{GY}/2023-12/15/c_1000102.htm", f"{GY}/huaxi/2023-08/04/c_1000103.htm", f"{GY}/nanming/2024-03/21/c_1000105.htm",
        f"{GY}/baiyun/2021-02/09/c_1000107.htm", f"{GY}/2024-04/01/c_1000110.htm", f"{GY}/2024-04/02/c_1000111.htm",
        f"{GY}/private/2024-01/05/c_1000199.htm",
    ],
    f"{GY}/wsb/foreignaffairsofficenews.html": [f"{GY}/2024-04/04/c_1000113.htm", f"{GY}/2023-12/15/c_1000102.htm"],
    f"{NM}/news.html": [f"{NM}/2024-03/21/c_1000105.htm", f"{NM}/2024-02/23/c_1000108.htm"],
    f"{EG}/2023guizhoulatest.html": [f"{EG}/2024-03/13/c_1000202.htm", f"{EG}/2024-03/01/c_1000201.htm"],
    f"{EG}/2023guizhoulatest_2.html": [f"{EG}/guiyang/2020-06/25/c_1000203.htm"],
}

FIELDS = ("is_article", "reject_reason", "title", "published", "date_source", "date_raw", "source", "byline", "section",
          "photos", "body", "pages", "next_pages", "attachments")


def expected_value(spec: dict, field: str):
    if field == "is_article":
        return True
    if field == "reject_reason":
        return None
    return spec[field]


def project(field: str, value):
    """Compare only the contract keys of list-of-dict fields (extra keys such as ``alt`` are allowed)."""
    if field == "photos" and isinstance(value, list):
        return [{k: p.get(k) for k in ("src", "caption", "credit")} if isinstance(p, dict) else p for p in value]
    if field == "attachments" and isinstance(value, list):
        return [{k: a.get(k) for k in ("url", "text")} if isinstance(a, dict) else a for a in value]
    if field == "section" and isinstance(value, tuple):
        return list(value)
    return value


FIELD_CASES = [
    pytest.param(case_id, field, id=f"{case_id}-{field}")
    for case_id, (_, _, spec) in ARTICLES.items()
    for field in FIELDS
    if field in ("is_article", "reject_reason") or field in spec
]


# --------------------------------------------------------------------------- extractor tests

@pytest.mark.parametrize("case_id,field", FIELD_CASES)
def test_article_field(case_id, field):
    url, overlay, spec = ARTICLES[case_id]
    result = extract(url, overlay)
    assert field in result, f"{case_id}: result has no {field!r} key"
    assert project(field, result[field]) == expected_value(spec, field)


@pytest.mark.parametrize("case_id", [c for c, (_, _, s) in ARTICLES.items() if s.get("body")])
def test_body_paragraph_shape(case_id):
    """Paragraph count, first and last paragraph; no boilerplate leaks into the body."""
    url, overlay, spec = ARTICLES[case_id]
    body = extract(url, overlay)["body"]
    expected = spec["body"].split("\n\n")
    got = body.split("\n\n")
    assert (len(got), got[0], got[-1]) == (len(expected), expected[0], expected[-1])
    for junk in ("[Photo", ".jpg", ".png", "Updated", "Home>", "All Rights Reserved", "Presented by China Daily",
                 "ICP备", "Related stories", "Share", "\n\n\n", "  "):
        assert junk not in body, f"{case_id}: {junk!r} in body"
    assert body == body.strip()


@pytest.mark.parametrize("case_id", list(NOT_ARTICLES))
def test_not_an_article(case_id):
    assert extract(NOT_ARTICLES[case_id])["is_article"] is False


def test_a9_syndicated_copies_agree():
    guiyang, eguizhou = extract(ARTICLES["A9"][0]), extract(ARTICLES["A9-eguizhou"][0])
    assert guiyang["title"] == eguizhou["title"] == A9_TITLE
    assert guiyang["body"] == eguizhou["body"] == A9_BODY
    assert [p["caption"] for p in guiyang["photos"]] == [p["caption"] for p in eguizhou["photos"]] == [A9_CAPTION]
    assert guiyang["source"] != eguizhou["source"]


def test_a7_two_url_forms_give_identical_fields():
    subdomain, path_form = extract(ARTICLES["A7"][0]), extract(ARTICLES["A7-path"][0])
    for field in FIELDS:
        assert project(field, subdomain.get(field)) == project(field, path_form.get(field)), field


def test_a8_is_a_different_article_from_a7():
    a7, a8 = extract(ARTICLES["A7"][0]), extract(ARTICLES["A8"][0])
    assert "26.71 billion yuan" in a7["body"] and "26.71 billion yuan" in a8["body"]
    assert a7["body"] != a8["body"] and a7["title"] != a8["title"]


def test_a4_pages_are_one_article():
    first = extract(ARTICLES["A4"][0])
    assert (first["pages"], first["next_pages"]) == (3, ARTICLES["A4"][2]["next_pages"])
    bodies = [extract(ARTICLES[c][0])["body"] for c in ("A4", "A4-p2", "A4-p3")]
    assert [len(b.split("\n\n")) for b in bodies] == [3, 2, 2]
    assert len({extract(ARTICLES[c][0])["title"] for c in ("A4", "A4-p2", "A4-p3")}) == 1


def test_revised_overlay_changes_title_and_one_paragraph():
    base, revised = extract(ARTICLES["A2"][0]), extract(*ARTICLES["A2-revised"][:2])
    assert base["title"] != revised["title"]
    changed = [i for i, (a, b) in enumerate(zip(base["body"].split("\n\n"), revised["body"].split("\n\n"))) if a != b]
    assert changed == [2]


@pytest.mark.parametrize("case_id", ["A10", "A11"])
def test_encodings_decode_curly_quotes(case_id):
    url, _, spec = ARTICLES[case_id]
    result = extract(url)
    assert result["title"] == spec["title"]
    assert any("People’s" in p for p in result["body"].split("\n\n"))
    assert "\ufffd" not in result["body"] and "â€" not in result["body"] and "鈥" not in result["body"]


# --------------------------------------------------------------------------- fixture self-checks (no extractor)

def test_encoding_fixtures_are_what_they_claim():
    gb = fixture_file(ARTICLES["A10"][0]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gb.decode("utf-8")
    text = gb.decode("gb18030")
    assert 'charset=gb2312"' in text and "贵阳市人民政府" in text and "黔ICP备05001922号" in text and "People’s" in text
    assert response_headers(fixture_file(ARTICLES["A10"][0])) == {"Content-Type": "text/html"}
    utf8_file = fixture_file(ARTICLES["A11"][0])
    text = utf8_file.read_bytes().decode("utf-8")
    assert all(ch in text for ch in "’—·")
    assert response_headers(utf8_file)["Content-Type"] == "text/html; charset=ISO-8859-1"


class _Anchors(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _article_links(url: str, overlay: str | None = None) -> list[str]:
    parser = _Anchors()
    parser.feed(fixture_file(url, overlay).read_bytes().decode("utf-8"))
    links = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(url, href))
        link = f"https://{parts.netloc}{parts.path}"
        if parts.path.endswith(".htm") and link not in links:
            links.append(link)
    return links


@pytest.mark.parametrize("listing", list(LISTINGS))
def test_listing_links_point_at_fixtures(listing):
    links = _article_links(listing)
    assert links == LISTINGS[listing]
    for link in links:
        assert fixture_file(link).is_file(), link


#: The demo overlay's listings: the base listing with its new story on top.
DEMO_LISTINGS = {f"{GY}/news.html": [f"{GY}/2024-05/17/c_1000114.htm"] + LISTINGS[f"{GY}/news.html"],
                 f"{EG}/2023guizhoulatest.html": [f"{EG}/2024-05/18/c_1000204.htm"] + LISTINGS[f"{EG}/2023guizhoulatest.html"]}


@pytest.mark.parametrize("listing", list(DEMO_LISTINGS))
def test_demo_overlay_listings_add_one_story_on_top(listing):
    links = _article_links(listing, "demo")
    assert links == DEMO_LISTINGS[listing]
    assert all(fixture_file(link, "demo").is_file() for link in links)
    assert extract(listing, "demo")["is_article"] is False


def test_robots_files():
    assert fixture_file(f"{GY}/robots.txt").read_text() == "User-agent: *\nDisallow: /private/\n"
    assert fixture_file(f"{EG}/robots.txt").read_text() == "User-agent: *\nDisallow:\n"


def test_every_fixture_page_is_covered():
    referenced = {fixture_file(url, overlay) for url, overlay, _ in ARTICLES.values()}
    referenced |= {fixture_file(url) for url in NOT_ARTICLES.values()}
    referenced |= {fixture_file(url, "demo") for url in DEMO_LISTINGS}
    from tests.portal_cases import family_fixture_files  # the other portals' pages: tests/test_family_*.py

    referenced |= family_fixture_files()
    pages = [p for root in (SITES, OVERLAYS) if root.is_dir() for p in root.rglob("*") if p.suffix in (".htm", ".html")]
    assert pages, "no fixture pages found"
    missing = sorted(str(p.relative_to(SAMPLE)) for p in pages if p not in referenced)
    assert not missing, f"fixture pages without a test case: {missing}"


def test_an_image_size_only_str_isdigit_takes_for_a_number():
    """``width="²"`` (superscript two: a digit to ``str.isdigit``, not to ``int``) once raised ValueError."""
    page = (b'<html><head><title>Water plant opens</title></head><body><h1>Water plant opens in Guiyang</h1>'
            b'<p>2024-03-05 10:00</p><p><img src="/a/plant.jpg" width="\xc2\xb2" height="300"></p>'
            b'<p>Workers at the new plant in the east of the city. (Photo by Li Ming)</p>'
            b'<p>A long paragraph about the new water plant in the city, which will serve two hundred thousand '
            b'residents.</p></body></html>')
    from portal_spider.extract import extract_article

    result = extract_article(page, "https://english.guiyang.gov.cn/news/202403/t20240305_1.html", {})
    assert (result["title"], result["published"]) == ("Water plant opens in Guiyang", "2024-03-05T10:00+08:00")
    assert result["photos"] == [{"src": "https://english.guiyang.gov.cn/a/plant.jpg",
                                 "caption": "Workers at the new plant in the east of the city.", "credit": "Li Ming"}]
