"""F4 (TRS WCM, ``/YYYYMM/tYYYYMMDD_<id>.html`` or ``t<id>.shtml``, ``W0…`` uploads): Beijing, Shenzhen, Qingdao, Nanning,
Suzhou, Wuhan, Hunan, and the ministries and cities once filed as one-offs (MFA, MOE, Shenyang, Guangxi)."""

from __future__ import annotations

from tests.portal_cases import attachment, case, family_tests, paras, photo, stored_article, stored_counts

BJ = "https://english.beijing.gov.cn"
WB = "https://wb.beijing.gov.cn"
SZ = "https://www.sz.gov.cn"
NS = "https://www.szns.gov.cn"
QD = "https://english.qingdao.gov.cn"
NN = "https://english.nanning.gov.cn"
SU = "https://english.suzhou.gov.cn"
WH = "https://www.wuhan.gov.cn"
HN = "https://enghunan.gov.cn"
MF, SY = "https://www.fmprc.gov.cn", "https://www.shenyang.gov.cn"
ME, GX = "http://en.moe.gov.cn", "http://en.gxzf.gov.cn"
TALENT = paras(
    "An international talent service center opened in Futian district on Monday, offering visa, tax and housing "
    "services for foreign professionals in one place.",
    "The center also runs Chinese classes and helps newcomers open bank accounts.",
)

CASES = {
    "beijing": [
        (f"{BJ}/latest/news/202407/t20240727_9000001.html", {  # source line above "2024-07-27  |  "
            "title": "Beijing opens three new metro stations for summer travel", "published": "2024-07-27",
            "date_source": "printed", "source": "Beijing Daily App", "section": ["Home", "Latest", "News"],
            "body": paras(
                "Three new stations on Beijing's Line 17 opened on Saturday, bringing the line closer to the Beijing "
                "Economic-Technological Development Area.",
                "The extension cuts the trip from Yizhuang to the city center to about 40 minutes.",
            ),
        }),
        (f"{BJ}/government/reports/202402/t20240205_9000002.html", {  # publisher line; footnote numeral kept
            "title": "Report on the Work of the Government (excerpt)", "published": "2024-02-05",
            "date_source": "printed", "source": "Foreign Affairs Office of the People's Government of Beijing Municipality",
            "section": ["Home", "Government", "Reports"],
            "body": paras(
                "Over the past year, we upgraded the city's green belts7 and added 30 parks along the Second Ring Road.",
                "This year we will build 1,000 kilometers of cycling lanes and finish the renovation of 600 old "
                "residential compounds.",
            ),
            "attachments": [attachment(f"{BJ}/government/reports/202402/P020240205390001.pdf", "Full text of the report")],
        }),
    ],
    "beijing_fao": [(f"{WB}/en/public_service/public_diplomacy/202301/t20230117_9000011.html", {
        # printed "Date: 2022-09-29" beats the URL's 2023-01-17; font-size widget dropped
        "title": "Diplomats join Beijing autumn tree planting", "published": "2022-09-29", "date_source": "printed",
        "source": "Beijing Foreign Affairs Office", "section": ["Home", "Public Service", "Public Diplomacy"],
        "body": paras(
            "More than 60 diplomats and their families planted trees in Beijing's Chaoyang district on Thursday at an "
            "event organized by the municipal foreign affairs office.",
            "They planted 300 ginkgo and pine saplings along the Liangma River.",
        ),
    })],
    "shenzhen": [
        (f"{SZ}/en_szgov/news/latest/202601/t20260105_9000021.htm", {  # uncredited caption after the body
            "title": "Shenzhen opens international talent service center", "published": "2026-01-05",
            "date_source": "printed", "source": "Shenzhen Daily",
            "photos": [photo(f"{SZ}/en_szgov/news/latest/202601/W020260105612345.jpg",
                             "Foreign professionals consult staff members at the center.")],
            "body": TALENT,
        }),
        (f"{SZ}/en_szgov/news/latest/202601/t20260104_9000022.htm", {
            "title": "Shenzhen Bay Park adds night lighting", "published": "2026-01-04", "date_source": "printed",
            "source": "Shenzhen Daily",
            "body": "Lights now line 15 kilometers of the Shenzhen Bay Park waterfront, and the park will stay open until "
                    "midnight on weekends.",
        }),
        ("http://english.sz.gov.cn/lis/201608/t20160830_9000023.htm", {  # old host, GB2312, "Home -> …", no date
            "title": "Guide to renting a flat in Shenzhen", "published": "2016-08-30", "date_source": "url",
            "source": None, "section": ["Home", "Live in Shenzhen"],
            "body": paras(
                "Foreigners renting a flat in Shenzhen must register their address with the local police station within "
                "24 hours of moving in.",
                "Landlords should provide a copy of the property certificate and a written lease in Chinese and English.",
            ),
        }),
    ],
    "nanshan": [(f"{NS}/english/government/workreport/201610/t20161024_9000031.htm", {
        # UTF-8 bytes under a lying "charset=GBK" header and <meta charset="gbk">
        "title": "Nanshan District Government Work Report 2016", "published": "2016-10-24", "date_source": "printed",
        "source": None, "section": ["Home", "Government", "Work Report"],
        "body": paras(
            "Nanshan’s GDP grew by 9.5 percent last year, and research and development spending reached 4.5 percent of "
            "the district’s economy.",
            "The district will open 12 new schools and two hospitals in the next three years.",
        ),
        "attachments": [attachment(f"{NS}/english/government/workreport/201610/P020161024355001.docx",
                                   "Work report (Word)")],
    })],
    "qingdao": [(f"{QD}/about/qingdao/202112/t20211224_9000041.shtml", {
        "title": "Qingdao's beer museum reopens after renovation", "published": "2021-12-24", "date_source": "printed",
        "source": "Qingdao Government",
        "body": paras(
            "The Tsingtao Beer Museum reopened on Friday after a six-month renovation that added an interactive brewing "
            "hall.",
            "The museum, housed in a brewery built in 1903, received 1.2 million visitors in 2019.",
        ),
    })],
    "nanning": [(f"{NN}/city_life/city_news/top_stories/201801/t20180112_9000051.html", {  # GB2312, no date line
        "title": "Nanning subway Line 3 starts test runs", "published": "2018-01-12", "date_source": "url",
        "source": None,
        "body": paras(
            "Trains on Nanning’s subway Line 3 began test runs on Thursday ahead of its opening later this year.",
            "The line will link Qingxiu district with the Wuxiang New Area in southern Nanning.",
        ),
    })],
    "suzhou": [(f"{SU}/gltj2/201710/t20171010_9000061.shtml", {  # "Date: Tmp:" junk before the real date line
        "title": "Suzhou gardens extend evening hours", "published": "2017-10-10T16:01:00+08:00",
        "date_source": "printed", "source": None,
        "body": paras(
            "The Humble Administrator's Garden and the Master of the Nets Garden will stay open until 9 pm through the "
            "end of October.",
            "Evening tickets cost 80 yuan and include a performance of Kunqu opera.",
        ),
    })],
    "wuhan": [(f"{WH}/wwwz/ywwz_1/H_1/NWP/202306/t20230607_9000071.shtml", {  # no date line; "Editor:" trailer
        "title": "Wuhan cherry-blossom cruise routes expand", "published": "2023-06-07", "date_source": "url",
        "source": None,
        "body": paras(
            "Wuhan has added two cruise routes on East Lake that pass the city's main cherry-blossom areas.",
            "Boats leave every hour from the Moshan pier between 9 am and 5 pm.",
        ),
    })],
    "hunan": [(f"{HN}/hneng/News/Localnews/202210/t20221031_9000081.html", {
        # stale masthead date, one caption printed 3x, translator/source trailer
        "title": "Migratory birds return to Dongting Lake", "published": "2022-10-31", "date_source": "url",
        "source": "hunantoday",
        "photos": [photo(f"{HN}/hneng/News/Localnews/202210/W020221031381111.jpg",
                         "Swan geese rest on the East Dongting Lake wetland.", "Xu Xing, Hunan Daily")],
        "body": paras(
            "More than 20,000 migratory birds have arrived at the East Dongting Lake nature reserve in Yueyang, about two "
            "weeks earlier than last year.",
            "Rangers have closed some of the wetland's paths to visitors until March.",
        ),
    })],
    "mfa": [(f"{MF}/mfa_eng/wjbxw/t9500081.shtml", case(  # language bar; YYYY/MM/DD under the title
        "Foreign Minister meets visiting counterpart", "2020-12-18", "printed", None,
        paras("On December 18, the Foreign Minister held talks in Beijing with a visiting counterpart.",
              "The two sides agreed to expand cooperation in trade, health and education.")))],
    "shenyang": [(f"{SY}/english/news/202002/t20200213_9500121.html", case(  # "Source: … 2020-02-13"
        "Shenyang sends medical team to Wuhan", "2020-02-13", "printed", "Shenyang Portal Website",
        "A team of 150 doctors and nurses from Shenyang left for Wuhan on Thursday to help treat patients.",
        section=["Home", "English", "News"]))],
    "moe": [(f"{ME}/news/press_releases/202405/t20240520_9500131.html", case(  # metadata only: og/article meta
        "Ministry expands international student scholarships", "2024-05-21T09:30:00+08:00", "meta", None,
        paras("The Ministry of Education will offer 2,000 more government scholarships to international students this "
              "year.", "Most of the new places are for graduate programs in engineering and agriculture.")))],
    "guangxi": [(f"{GX}/news/202107/t20210701_9500161.shtml", case(
        "Guangxi opens new port lines to ASEAN", "2021-07-01", "printed", "Guangxi Daily",
        paras("Beibu Gulf Port opened three new container shipping lines to ASEAN countries on Thursday.",
              "The port handled 5 million containers last year.")))],
}

LISTINGS = {
    "beijing": [f"{BJ}/latest/news/202407/t20240727_9000001.html", f"{BJ}/government/reports/202402/t20240205_9000002.html"],
    "beijing_fao": [f"{WB}/en/public_service/public_diplomacy/202301/t20230117_9000011.html"],
    # not chronological: 2026-01-04 above 2026-01-05
    "shenzhen": [f"{SZ}/en_szgov/news/latest/202601/t20260104_9000022.htm",
                 f"{SZ}/en_szgov/news/latest/202601/t20260105_9000021.htm"],
    "nanshan": [f"{NS}/english/government/workreport/201610/t20161024_9000031.htm"],
    "qingdao": [f"{QD}/about/qingdao/202112/t20211224_9000041.shtml"],
    "nanning": [f"{NN}/city_life/city_news/top_stories/201801/t20180112_9000051.html"],
    "suzhou": [f"{SU}/gltj2/201710/t20171010_9000061.shtml"],
    "wuhan": [f"{WH}/wwwz/ywwz_1/H_1/NWP/202306/t20230607_9000071.shtml"],
    "hunan": [f"{HN}/hneng/News/Localnews/202210/t20221031_9000081.html"],
    **{spider: [url for url, _ in CASES[spider]] for spider in ("mfa", "shenyang", "moe", "guangxi")},
}

#: listing page 2 of Shenzhen (``index_1.html``, linked from page 1)
OTHER_PAGES = [f"{SZ}/en_szgov/news/latest/index_1.html"]

test_article_field, test_listing_links = family_tests(CASES, LISTINGS)


def test_crawl_walks_index_pages_and_maps_the_old_shenzhen_host():
    assert stored_counts(*LISTINGS) == {"beijing": 2, "beijing_fao": 1, "shenzhen": 3, "nanshan": 1, "qingdao": 1,
                                        "nanning": 1, "suzhou": 1, "wuhan": 1, "hunan": 1,
                                        # mfa also holds the pager and date section of tests/test_real_markup.py
                                        "mfa": 6, "shenyang": 1, "moe": 1, "guangxi": 1}
    assert stored_article(f"{SZ}/en_szgov/lis/201608/t20160830_9000023.htm")[:6] == (
        "shenzhen", "Guide to renting a flat in Shenzhen", "2016-08-30", "url", None, "Home > Live in Shenzhen")
    assert stored_article(f"{SZ}/en_szgov/news/latest/202601/t20260105_9000021.htm") == (
        "shenzhen", "Shenzhen opens international talent service center", "2026-01-05", "printed", "Shenzhen Daily",
        None, TALENT)
