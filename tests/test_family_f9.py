"""F9 (one-off templates) on the generic base spider: the extractor's layers with no family rules."""

from __future__ import annotations

import pytest

from tests.portal_cases import attachment, case, family_tests, paras, photo, stored_article, stored_counts

XA, DG, CD = "http://en.xa.gov.cn", "https://fipc.dg.gov.cn", "http://cdfao.chengdu.gov.cn"
YY, CQ, GZ = "http://en.yueyang.gov.cn", "http://en.cq.gov.cn", "http://english.gz.gov.cn"
SF, YD = "https://www.safe.gov.cn", "https://eng.yidaiyilu.gov.cn"
SC, MO, SP = "https://english.scio.gov.cn", "http://english.mofcom.gov.cn", "https://www.sipac.gov.cn"
CM = "https://commerce.suzhou.gov.cn"
WU = "https://www.wuhu.gov.cn"
CD_ID, SP_ID, CM_ID = "3283a1e425ab4943913a4a16fb1e1111", "7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f50", "aa11bb22cc33dd44ee55ff6600778899"
SAFE_BODY = ("China's current account surplus was 76.7 billion US dollars in the second quarter, the State Administration "
             "of Foreign Exchange said on Monday.")



CASES = {
    "xian": [(f"{XA}/government/workreport/9500001.htm", case(  # bulleted breadcrumb; publisher before "Updated:"
        "Report on the Work of the Xi'an Municipal Government (2018)", "2018-02-07", "printed",
        "General Office of Xi'an Municipal People’s Government",
        paras("Fellow deputies, on behalf of the Xi'an Municipal People’s Government, I now present to you the report "
              "on the government’s work.",
              "Last year the city's economy grew by 7.7 percent, and Xi'an's population passed 9.6 million."),
        section=["Home", "Government", "Work report"]))],
    "dongguan": [(f"{DG}/ywb/newsevents/photonews/content/post_9500011.html", case(  # lower-case labels, centred caption
        "Dongguan hosts furniture expo", "2025-09-05T17:03:04+08:00", "printed", "Xinhua",
        paras("The 54th International Famous Furniture Fair opened in Dongguan's Houjie town on Friday with more than "
              "1,200 exhibitors.", "Organizers expect 300,000 visits during the four-day fair."),
        photos=[photo(f"{DG}/ywb/attachment/0/95/95001/9500011.jpg", "Visitors look at sofas at the expo in Houjie town.")]))],
    "chengdu": [(f"{CD}/cdwqb/c107818/2018-06/27/content_{CD_ID}.shtml", case(  # release time after the event; widgets
        "Chengdu welcomes new consulate general", "2018-06-27T16:06+08:00", "printed", "成都市人民政府外事侨务办公室",
        paras("A new consulate general opened in Chengdu on Feb 1, bringing the number of foreign consulates in the city "
              "to 17.", "The consulate will issue visas for residents of Sichuan, Chongqing, Guizhou and Yunnan.")))],
    "yueyang": [  # mojibake kept as printed, in UTF-8 and in GB2312; no date anywhere
        (f"{YY}/21733/content_9500031.html", case(
            "Yueyang Tower reopens", None, None, None,
            paras("Yueyang Tower, one of the Three Great Towers of Southern China, reopened to visitors on Saturday after "
                  "repairs to its roof.", "※It*s a symbol of the People*s city,§ said a visitor from Changsha."))),
        (f"{YY}/21733/content_9500032.html", case(
            "Dragon boat race on the Miluo River", None, None, None,
            paras("Forty teams raced on the Miluo River on Monday to remember the poet Qu Yuan, who drowned himself in "
                  "the river.", "※We train every evening for two months,§ a rower said. ※The race is the People*s "
                  "festival.每"))),
    ],
    "chongqing": [(f"{CQ}/Government/OfficialRelease/2009/2/17/9500041.shtml", case(  # "HOME   - Government   - …"
        "Chongqing speeds up light rail construction", "2009-02-17", "url", None,
        paras("Chongqing will invest 10 billion yuan this year in its light rail network, the municipal government said.",
              "Line 1 is expected to open in 2011."),
        section=["HOME", "Government", "Official Release"]))],
    "guangzhou": [(f"{GZ}/gzgoven/s3709/201008/9500051.shtml", case(  # no date line: the URL's month only
        "Guangzhou readies venues for the Asian Games", "2010-08", "url", "english.gz.gov.cn",
        paras("All 53 competition venues for the 16th Asian Games have passed their final inspections, organizers said.",
              "The Games open on Nov 12.")))],
    "safe": [(f"{SF}/en/2015/0720/9500061.html", case(  # label block, values on the next line
        "SAFE releases the balance of payments for the second quarter", "2015-07-20", "printed",
        "State Administration of Foreign Exchange", SAFE_BODY, section=["Home", "What's new"],
        attachments=[attachment(f"{SF}/en/file/2015/0720/bop2015q2.xlsx", "Balance of payments, Q2 2015 (Excel)")]))],
    "yidaiyilu": [
        (f"{YD}/p/9500071.html", case(  # "Updated: October 15, 2019 Source: …" + font widget
            "Rail freight to Europe keeps growing", "2019-10-15", "printed", "Belt and Road Portal",
            paras("China-Europe freight trains made 6,000 trips in the first nine months of the year, up 30 percent "
                  "year-on-year.", "The trains now reach 55 cities in 15 European countries."))),
        (f"{YD}/DigitalValley/HotNews/9500072.htm", case(
            "Belt and Road forum publishes list of deliverables", "2019-05-14T22:38:17+08:00", "printed",
            "Belt and Road Portal",
            "The second Belt and Road Forum for International Cooperation has published a list of 283 deliverables.")),
    ],
    "scio": [(f"{SC}/m/pressroom/node_9500091.htm", case(  # "Beijing | 10 a.m. June 5, 2024": a place, not a source
        "Press conference on the development of the digital economy", "2024-06-05T10:00+08:00", "printed", None,
        paras("The State Council Information Office held a press conference on the development of the digital economy.",
              "Officials from the National Data Administration answered questions from reporters.")))],
    "mofcom": [(f"{MO}/article/newsrelease/press/202407/20240709500101.shtml", case(
        # no date line: the URL gives the month only, the headline a day inside it
        "MOFCOM Regular Press Conference (July 11, 2024)", "2024-07-11", "headline", None,
        paras("Spokesperson: Good afternoon. I have two announcements to make today.",
              "First, the China International Import Expo will open in Shanghai on November 5."),
        section=["Home", "News", "Press Conference"]))],
    "sipac": [(f"{SP}/szgyyqenglish/news/202403/{SP_ID}.shtml", case(  # [MORE] links, no date: the URL's month
        "SIP opens biotech incubator", "2024-03", "url", None,
        paras("Suzhou Industrial Park opened a biotech incubator with 50,000 square meters of laboratory space on "
              "Tuesday.", "Twenty start-ups have signed leases.")))],
    "suzhou_commerce": [(f"{CM}/commerce/news/202405/{CM_ID}.shtml", case(  # Chinese labels 发布时间 / 来源
        "Suzhou trade fair signs 3 billion yuan in deals", "2024-05-08T10:20+08:00", "printed", "苏州市商务局",
        paras("Exhibitors at the Suzhou import and export fair signed deals worth 3 billion yuan over three days.",
              "Buyers came from 40 countries.")))],
    "wuhu": [(f"{WU}/English/News/9500151.html", case(  # JSON-LD datePublished; <span>s split by <br><br>
        "Wuhu robot makers expand exports", "2023-11-02", "meta", None,
        paras("Industrial robot makers in Wuhu exported 4,000 machines in the first ten months of the year.",
              "Most went to Southeast Asia and Eastern Europe.")))],
}

LISTINGS = {spider: [url for url, _ in pages] for spider, pages in CASES.items()}

test_article_field, test_listing_links = family_tests(CASES, LISTINGS)


def test_generic_extraction_of_a_page_with_no_rules():
    """Markup and labels seen nowhere else: title, date and body still come out."""
    from portal_spider.extract import extract_article

    page = """<html><head><title>Harbin ice festival opens | Harbin</title></head><body>
    <table><tr><td><a href="/">Start</a> / <a href="/n/">Stories</a></td></tr>
    <tr><td><font size="5">Harbin ice festival opens</font></td></tr>
    <tr><td><i>Posted on 5 January 2024, 18:30</i></td></tr>
    <tr><td><font face="Arial">The Harbin International Ice and Snow Festival opened on Friday with sculptures made
    from 250,000 cubic meters of ice.</font><br><br><font face="Arial">The park on Sun Island will stay open until
    late February.</font></td></tr></table><div>City of Harbin</div></body></html>""".encode("utf-16")
    article = extract_article(page, "https://english.harbin.gov.cn/stories/1234.html")
    assert (article["title"], article["published"], article["date_source"]) == (
        "Harbin ice festival opens", "2024-01-05T18:30+08:00", "printed")
    assert article["body"] == paras(
        "The Harbin International Ice and Snow Festival opened on Friday with sculptures made from 250,000 cubic meters "
        "of ice.", "The park on Sun Island will stay open until late February.")


def test_crawl_stores_every_one_off_portal():
    # mofcom and sipac also hold the pager and date sections of tests/test_real_markup.py
    assert stored_counts(*LISTINGS) == {**{spider: len(pages) for spider, pages in CASES.items()},
                                        "mofcom": 6, "sipac": 4}
    assert stored_article(f"https://www.safe.gov.cn/en/2015/0720/9500061.html") == (
        "safe", "SAFE releases the balance of payments for the second quarter", "2015-07-20", "printed",
        "State Administration of Foreign Exchange", "Home > What's new", SAFE_BODY)


def inline(html: str, url: str = "https://english.example.gov.cn/2024-01/02/c_1.htm") -> dict:
    from portal_spider.extract import extract_article

    return extract_article(html.encode("utf-8"), url)


def test_a_sentence_opening_with_by_is_not_a_byline():
    article = inline("<h1>Guiyang to open five metro lines</h1><p>Updated: 2024-01-02 | Share</p>"
                     "<p>By the end of 2025, Guiyang will have five metro lines.</p>"
                     "<p>The city said so on Tuesday in a long statement about its transport plans.</p>")
    assert (article["byline"], article["source"]) == (None, None)
    assert article["body"].split("\n\n")[0] == "By the end of 2025, Guiyang will have five metro lines."


def test_lower_case_byline_with_source_in_brackets_and_dateline_place():
    article = inline("<h1>Guizhou opens new bridge over the Beipan River</h1>"
                     "<p>by HU ZHONGXIONG in Liupanshui (China Daily)|2022-03-08</p>"
                     "<p>The bridge cuts the drive between two county seats from four hours to one.</p>")
    assert (article["byline"], article["source"], article["published"]) == ("HU ZHONGXIONG", "China Daily", "2022-03-08")


MASTHEAD = """<html><head><title>Hunan Provincial Government</title></head><body>
<div>Hunan Provincial Government</div><div>Thursday, January 4, 2024</div>
<div><a href="/">Home</a></div><div><a href="/news">News</a></div><div><a href="/gov">Government</a></div>
<div><a href="/a">Travel</a></div><div><a href="/b">Business</a></div><div><a href="/c">Living</a></div>
<div><a href="/d">Culture</a></div><div><a href="/e">Education</a></div><div><a href="/f">Health</a></div>
<div><b>Changsha opens new cultural center on the Xiang River</b></div>{date}
<p>A new cultural center with a library, a theater and a museum opened on the bank of the Xiang River on Wednesday.</p>
</body></html>"""


@pytest.mark.parametrize("date_line,published,date_source", [
    ("<div>Updated: 2024-01-03</div>", "2024-01-03", "printed"),
    ("", "2024-01-03", "url"),  # no date line: the URL's, never the masthead's "today"
])
def test_a_masthead_date_and_a_site_name_title_are_not_the_article(date_line, published, date_source):
    article = inline(MASTHEAD.format(date=date_line), "https://enghunan.gov.cn/hneng/News/Localnews/202401/t20240103_1.html")
    assert (article["title"], article["published"], article["date_source"]) == (
        "Changsha opens new cultural center on the Xiang River", published, date_source)
    assert article["body"] == ("A new cultural center with a library, a theater and a museum opened on the bank of the "
                               "Xiang River on Wednesday.")
