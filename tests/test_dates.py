"""Tests for portal_spider.dates: every date shape quoted in docs/families.md, the
rejects, raw/span cutting, URL dates, and property tests."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from portal_spider.dates import NormalisedDate, date_from_url, normalise_date

ANY = object()  # "don't check" marker

# (text, iso, precision, utc, raw, label)
SHAPES = [
    # F1 date lines and mirrors
    ("english.guiyang.gov.cn |Updated: 2024-01-31 18:17:01", "2024-01-31T18:17:01+08:00", "second",
     "2024-01-31T10:17:01Z", "2024-01-31 18:17:01", "Updated"),
    ("english.guiyang.gov.cn|Updated: 2022-04-28", "2022-04-28", "day", None, "2022-04-28", "Updated"),
    ("english.guiyang.gov.cn| Updated: 2020-07-21", "2020-07-21", "day", None, "2020-07-21", "Updated"),
    ("english.guiyang.gov.cn|Updated: 2022-10-12", "2022-10-12", "day", None, "2022-10-12", "Updated"),
    ("chinadaily.com.cn|Updated: 2024-02-23", "2024-02-23", "day", None, "2024-02-23", "Updated"),
    ("Updated: 2019-05-13", "2019-05-13", "day", None, "2019-05-13", "Updated"),
    ("(english.guiyang.gov.cn)|2023-12-15", "2023-12-15", "day", None, "2023-12-15", None),
    ("eguangzhou.gov.cn | Updated:2023-09-26", "2023-09-26", "day", None, "2023-09-26", "Updated"),
    ("Some headline here | Updated:2022-01-18", "2022-01-18", "day", None, "2022-01-18", "Updated"),
    ("(fao.xm.gov.cn) Updated:2022-02-28", "2022-02-28", "day", None, "2022-02-28", "Updated"),
    ("www.ehangzhou.gov.cn| Updated: January 4, 2022 L M S", "2022-01-04", "day", None,
     "January 4, 2022", "Updated"),
    ("ezhejiang.gov.cn| Updated: January 20, 2022", "2022-01-20", "day", None, "January 20, 2022", "Updated"),
    ("(ezhejiang.gov.cn) Updated : 2020-04-10", "2020-04-10", "day", None, "2020-04-10", "Updated"),
    ("By WANG KEJU and YANG JUN in Guiyang | chinadaily.com.cn| Updated: 2017-12-22 Print",
     "2017-12-22", "day", None, "2017-12-22", "Updated"),
    ("By Yang Cheng| (chinadaily.com.cn)| Updated : 2022-10-20", "2022-10-20", "day", None,
     "2022-10-20", "Updated"),
    ("By Gu Ruoqi and Li Jun ( chinadaily.com.cn )\nUpdated: 2014-06-09", "2014-06-09", "day", None,
     "2014-06-09", "Updated"),
    # catalogue
    ("Updated: Aug 15,2016 2:09 PM", "2016-08-15T14:09+08:00", "minute", "2016-08-15T06:09Z",
     "Aug 15,2016 2:09 PM", "Updated"),
    ("Beijing | 10 a.m. June 5, 2024", "2024-06-05T10:00+08:00", "minute", "2024-06-05T02:00Z",
     "10 a.m. June 5, 2024", None),
    ("Date:\nJune 5, 2024", "2024-06-05", "day", None, "June 5, 2024", "Date"),
    ("2020/12/18", "2020-12-18", "day", None, "2020/12/18", None),
    ("2026/01/19 10:00", "2026-01-19T10:00+08:00", "minute", "2026-01-19T02:00Z", "2026/01/19 10:00", None),
    ("2020-12-15 10:00:00", "2020-12-15T10:00:00+08:00", "second", "2020-12-15T02:00:00Z",
     "2020-12-15 10:00:00", None),
    ("Dispatch date:\n2015-07-20", "2015-07-20", "day", None, "2015-07-20", "Dispatch date"),
    ("Index number:\nDispatch date:\n2015-07-20\nPublish organization:", "2015-07-20", "day", None,
     "2015-07-20", "Dispatch date"),
    ("Updated: October 15, 2019 Source: Belt and Road Portal", "2019-10-15", "day", None,
     "October 15, 2019", "Updated"),
    ("Time: 2019-05-14 22:38:17 Source: Belt and Road Portal", "2019-05-14T22:38:17+08:00", "second",
     "2019-05-14T14:38:17Z", "2019-05-14 22:38:17", "Time"),
    ("2024-02-05  |  ", "2024-02-05", "day", None, "2024-02-05", None),
    ("Date: 2022-09-29", "2022-09-29", "day", None, "2022-09-29", "Date"),
    ("February 28, 2026", "2026-02-28", "day", None, "February 28, 2026", None),
    ("Title - December 18, 2023", "2023-12-18", "day", None, "December 18, 2023", None),
    ("2017年09月27日", "2017-09-27", "day", None, "2017年09月27日", None),
    ("2024年1月31日", "2024-01-31", "day", None, "2024年1月31日", None),
    ("Updated: 2019-10-24", "2019-10-24", "day", None, "2019-10-24", "Updated"),
    ("Title | 2019-09-20", "2019-09-20", "day", None, "2019-09-20", None),
    ("Date: 2016-10-24", "2016-10-24", "day", None, "2016-10-24", "Date"),
    ("2018-03-27   Source:Guiyang China", "2018-03-27", "day", None, "2018-03-27", None),
    ("2018-09-27   Source:Guiyang China", "2018-09-27", "day", None, "2018-09-27", None),
    ("date:2025-09-05 17:03:04 source:Xinhua", "2025-09-05T17:03:04+08:00", "second",
     "2025-09-05T09:03:04Z", "2025-09-05 17:03:04", "Date"),
    ("2015-01-30 11:09:40", "2015-01-30T11:09:40+08:00", "second", "2015-01-30T03:09:40Z",
     "2015-01-30 11:09:40", None),
    ("> I WANT TO > Learn about Tourism Festivities\n2012-05-26 23:37:41", "2012-05-26T23:37:41+08:00",
     "second", "2012-05-26T15:37:41Z", "2012-05-26 23:37:41", None),
    ("Date:2021-07-30 16:34", "2021-07-30T16:34+08:00", "minute", "2021-07-30T08:34Z",
     "2021-07-30 16:34", "Date"),
    ("english.jinan.gov.cn2022-01-21", "2022-01-21", "day", None, "2022-01-21", None),
    ("Qingdao Government | DECEMBER 24,2021", "2021-12-24", "day", None, "DECEMBER 24,2021", None),
    ("Origin:成都市人民政府外事侨务办公室 Release Time:2018-06-27 16:06 Read: Degree",
     "2018-06-27T16:06+08:00", "minute", "2018-06-27T08:06Z", "2018-06-27 16:06", "Release Time"),
    ("2017-01-13 14:26:46 , Source : The Government Website of Shaanxi Province",
     "2017-01-13T14:26:46+08:00", "second", "2017-01-13T06:26:46Z", "2017-01-13 14:26:46", None),
    ("General Office of Xi'an Municipal People’s Government     Updated: 2018-02-07", "2018-02-07",
     "day", None, "2018-02-07", "Updated"),
    ("Date:2017-10-10 16:01:00", "2017-10-10T16:01:00+08:00", "second", "2017-10-10T08:01:00Z",
     "2017-10-10 16:01:00", "Date"),
    ("Source: Shenyang Portal Website 2020-02-13", "2020-02-13", "day", None, "2020-02-13", None),
    ("Shanghai Weekly Bulletin (Issue 127 No.2, January 2026) ( 2026.01.14 )", "2026-01-14", "day", None,
     "2026.01.14", None),
    ("( 2026.01.14 )", "2026-01-14", "day", None, "2026.01.14", None),
    ("by HU ZHONGXIONG (China Daily)|2022-03-08", "2022-03-08", "day", None, "2022-03-08", None),
    ("MOFCOM Regular Press Conference (July 11, 2024)", "2024-07-11", "day", None, "July 11, 2024", None),
    # day-month-year, abbreviations, case, padding
    ("15 July 2015", "2015-07-15", "day", None, "15 July 2015", None),
    ("Sept. 3, 2024", "2024-09-03", "day", None, "Sept. 3, 2024", None),
    ("3 Sep 2024", "2024-09-03", "day", None, "3 Sep 2024", None),
    ("3 Sep, 2024", "2024-09-03", "day", None, "3 Sep, 2024", None),
    ("5th of June 2024", "2024-06-05", "day", None, "5th of June 2024", None),
    ("5-Jun-2024", "2024-06-05", "day", None, "5-Jun-2024", None),
    ("January 04, 2022", "2022-01-04", "day", None, "January 04, 2022", None),
    ("january 4 2022", "2022-01-04", "day", None, "january 4 2022", None),
    ("AUG 15, 2016", "2016-08-15", "day", None, "AUG 15, 2016", None),
    ("June 5th, 2024", "2024-06-05", "day", None, "June 5th, 2024", None),
    ("2024-1-5", "2024-01-05", "day", None, "2024-1-5", None),
    ("2024 年 1 月 5 日", "2024-01-05", "day", None, "2024 年 1 月 5 日", None),
    # 12-hour clock edge cases
    ("Jan 3, 2024 12:05 AM", "2024-01-03T00:05+08:00", "minute", "2024-01-02T16:05Z",
     "Jan 3, 2024 12:05 AM", None),
    ("Jan 3, 2024 12:30 PM", "2024-01-03T12:30+08:00", "minute", "2024-01-03T04:30Z",
     "Jan 3, 2024 12:30 PM", None),
    ("Jan 3, 2024 12:30 am", "2024-01-03T00:30+08:00", "minute", "2024-01-02T16:30Z",
     "Jan 3, 2024 12:30 am", None),
    ("June 5, 2024, 3 p.m.", "2024-06-05T15:00+08:00", "minute", "2024-06-05T07:00Z",
     "June 5, 2024, 3 p.m.", None),
    ("June 5, 2024 11:59 p.m. local", "2024-06-05T23:59+08:00", "minute", "2024-06-05T15:59Z",
     "June 5, 2024 11:59 p.m.", None),
    ("12 p.m. June 5, 2024", "2024-06-05T12:00+08:00", "minute", "2024-06-05T04:00Z",
     "12 p.m. June 5, 2024", None),
    ("Updated: 12:05 AM Jan 3, 2024", "2024-01-03T00:05+08:00", "minute", "2024-01-02T16:05Z",
     "12:05 AM Jan 3, 2024", "Updated"),
    ("June 5, 2024 at 10:00", "2024-06-05T10:00+08:00", "minute", "2024-06-05T02:00Z",
     "June 5, 2024 at 10:00", None),
    ("Updated on June 5, 2024", "2024-06-05", "day", None, "June 5, 2024", "Updated"),
    # full-width digits
    ("２０２４年１月３１日", "2024-01-31", "day", None, "２０２４年１月３１日", None),
    ("２０２４-０１-３１ １８:１７", "2024-01-31T18:17+08:00", "minute", "2024-01-31T10:17Z",
     "２０２４-０１-３１ １８:１７", None),
    # explicit offsets, ISO 'T'
    ("2020-12-15T10:00:00+08:00", "2020-12-15T10:00:00+08:00", "second", "2020-12-15T02:00:00Z",
     "2020-12-15T10:00:00+08:00", None),
    ("2020-12-15T10:00Z", "2020-12-15T10:00+00:00", "minute", "2020-12-15T10:00Z", "2020-12-15T10:00Z", None),
]


@pytest.mark.parametrize(("text", "iso", "precision", "utc", "raw", "label"), SHAPES,
                         ids=[s[0][:50] for s in SHAPES])
def test_shapes(text, iso, precision, utc, raw, label):
    d = normalise_date(text)
    assert d is not None, text
    assert d.iso == iso
    assert d.precision == precision
    assert d.utc == utc
    assert d.raw == raw
    assert d.label == label
    assert text[d.span[0]:d.span[1]] == d.raw


@pytest.mark.parametrize("text", [s[0] for s in SHAPES], ids=[s[0][:50] for s in SHAPES])
def test_cut_out(text):
    """Callers cut the date out with span: the rest holds no date any more (labels aside)."""
    d = normalise_date(text)
    s, e = d.span
    assert text[s:e] == d.raw
    rest = text[:s] + " " + text[e:]
    again = normalise_date(rest)
    assert again is None or again.span[0] != s or again.iso != d.iso


REJECTS = [
    "Date: Tmp:",
    "Date: Tmp: 中文版 Easy Web Browsing",
    "May 2023",
    "Updated: May 2023",
    "January 2026",
    "10:30",
    "2023",
    "Updated: 2023",
    "2023-02-30",
    "2023-13-01",
    "2023-00-10",
    "2023-01-00",
    "Feb 29, 2023",
    "June 31, 2024",
    "Issue 127 No.2",
    "Issue 127 No.2, January 2026",
    "Issue 127 No. 2 January 2026",
    "",
    " ",
    "   \n\t  ",
    "1989-06-04",
    "2101-01-01",
    "1.2020.01.14",
    "v2020.1.2.3",
    "Tel: 0851-86891234",
    "Tel: 0851-8689-1234",
    "20240205",
    "/octzwosx/top/57820.htm",
    "05/06/2023",
    "06/05/2023",
    "2024年1月",
    "Surveys recommended 2",
    "1 2 3 ... 7 >",
    "黔ICP备05001922号",
    "粤ICP备09176539号-5",
]


@pytest.mark.parametrize("text", REJECTS)
def test_rejects(text):
    assert normalise_date(text) is None


def test_none_and_non_str():
    assert normalise_date(None) is None  # type: ignore[arg-type]
    assert date_from_url(None) is None  # type: ignore[arg-type]
    assert date_from_url("") is None


def test_label_beats_earlier_unlabelled():
    d = normalise_date("Title | 2019-09-20 | Updated: 2019-09-21")
    assert (d.iso, d.label) == ("2019-09-21", "Updated")
    d = normalise_date("Date: Tmp: 中文版 Easy Web Browsing\nSurveys recommended 2\nDate:2017-10-10 16:01:00")
    assert (d.iso, d.label) == ("2017-10-10T16:01:00+08:00", "Date")
    d = normalise_date("2015-07-15 masthead ... Release Time:2018-06-27 16:06")
    assert d.iso == "2018-06-27T16:06+08:00"


def test_first_date_without_labels():
    d = normalise_date("March 1, 2020 and 2021-05-06")
    assert d.iso == "2020-03-01"
    d = normalise_date("2021-05-06 and March 1, 2020")
    assert d.iso == "2021-05-06"


@pytest.mark.parametrize(("text", "label"), [
    ("Updated: 2020-01-02", "Updated"),
    ("Updated 2020-01-02", "Updated"),
    ("Last  Updated: 2020-01-02", "Updated"),
    ("Published on 2020-01-02", "Published"),
    ("Posted on: 2020-01-02", "Posted"),
    ("Release\n Time:2020-01-02", "Release Time"),
    ("Publish date: 2020-01-02", "Publish date"),
    ("Publication date: June 5, 2024", "Publication date"),
    ("Dispatch Date :\n 2015-07-20", "Dispatch date"),
    ("PubDate:2020-01-02", "PubDate"),
    ("发布时间：2020-01-02", "发布时间"),
    ("日期：2020-01-02", "日期"),
    ("candidate: 2020-01-02", None),  # 'date' inside a word
    ("save the date 2020-01-02", None),  # bare 'date' needs a colon
    ("Date: 10 a.m. June 5, 2024", "Date"),
])
def test_labels(text, label):
    d = normalise_date(text)
    assert d is not None and d.label == label


def test_multiline_page_text():
    page = (
        "Home> News\nGuiyang opens new metro line\n"
        "english.guiyang.gov.cn |Updated: 2024-01-31 18:17:01\n"
        "1.jpg\nA view of the line. [Photo/guiyang.gov.cn]\n"
        "On Jan 30, 2023 the city said ...\n"
    )
    d = normalise_date(page)
    assert d.iso == "2024-01-31T18:17:01+08:00"
    assert page[d.span[0]:d.span[1]] == "2024-01-31 18:17:01"


def test_timezone_parameter():
    d = normalise_date("2024-01-31 18:17:01", tz="UTC")
    assert (d.iso, d.utc) == ("2024-01-31T18:17:01+00:00", "2024-01-31T18:17:01Z")
    d = normalise_date("2024-07-01 09:00", tz="America/New_York")  # EDT
    assert (d.iso, d.utc) == ("2024-07-01T09:00-04:00", "2024-07-01T13:00Z")
    d = normalise_date("2024-01-01 00:30")  # UTC falls on the previous day and year
    assert (d.iso, d.utc) == ("2024-01-01T00:30+08:00", "2023-12-31T16:30Z")
    assert normalise_date("2024-01-31", tz="UTC").utc is None


@pytest.mark.parametrize(("text", "iso"), [
    ("June 5, 2024 14:09 PM", "2024-06-05"),  # impossible clock: date only
    ("June 5, 2024 0:30 AM", "2024-06-05"),
    ("2024-06-05 24:00", "2024-06-05"),
    ("2024-06-05 12:60", "2024-06-05"),
    ("2024-06-05 3 items", "2024-06-05"),  # a number is not a time without am/pm
    ("2024-06-05 10:30", "2024-06-05T10:30+08:00"),
])
def test_time_edge_cases(text, iso):
    assert normalise_date(text).iso == iso


def test_dateparser_fallback():
    # shapes the fast path does not read go to dateparser, which must also show every part
    d = normalise_date("Monday, June the 5th, 2024 at 3pm")
    assert d.iso == "2024-06-05T15:00+08:00"
    assert d.raw in "Monday, June the 5th, 2024 at 3pm"
    d = normalise_date("2024 June 5")
    assert (d.iso, d.precision, d.utc) == ("2024-06-05", "day", None)
    assert normalise_date("Residents may apply until 2024") is None
    assert normalise_date("The May 4th Movement") is None


def test_result_is_frozen_dataclass():
    d = normalise_date("Updated: 2019-05-13")
    assert d == NormalisedDate("2019-05-13", None, "day", "2019-05-13", (9, 19), "Updated")
    assert hash(d) == hash(NormalisedDate("2019-05-13", None, "day", "2019-05-13", (9, 19), "Updated"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.iso = "x"  # type: ignore[misc]


def test_module_imports_neither_scrapy_nor_dateparser():
    root = Path(__file__).resolve().parents[1]
    code = (
        "import sys, portal_spider.dates as d; d.normalise_date('Updated: 2019-05-13'); "
        "assert 'scrapy' not in sys.modules, 'scrapy'; assert 'dateparser' not in sys.modules, 'dateparser'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)


def test_fast_path_is_fast():
    lines = [s[0] for s in SHAPES]
    for t in lines:
        normalise_date(t)
    n = 20
    t0 = time.perf_counter()
    for _ in range(n):
        for t in lines:
            normalise_date(t)
    per_call = (time.perf_counter() - t0) / (n * len(lines))
    assert per_call < 100e-6, f"{per_call * 1e6:.1f} µs per call: the fast path is missing a shape"


# ---------------------------------------------------------------------------- URLs

URLS = [
    ("http://english.guiyang.gov.cn/2023-12/15/c_956327.htm", "2023-12-15", "2023-12/15"),
    ("http://nanming.english.guiyang.gov.cn/2022-04/28/c_796047.htm", "2022-04-28", "2022-04/28"),
    ("https://zhejiang.chinadaily.com.cn/2020-04/10/c_420291_6.htm", "2020-04-10", "2020-04/10"),
    ("http://english.guiyang.gov.cn/kaiyang/2026-07/24/c_1199871.htm", "2026-07-24", "2026-07/24"),
    ("http://www.eguizhou.gov.cn/2014-06/09/content_17573809.htm", "2014-06-09", "2014-06/09"),
    ("http://english.gov.cn/policies/policy_watch/2016/08/15/content_281475417938311.htm", "2016-08-15",
     "2016/08/15"),
    ("https://english.www.gov.cn/news/topnews/202201/04/content_WS61d3f8fbc6d09c94e48a31d1.html",
     "2022-01-04", "202201/04"),
    ("https://english.www.gov.cn/news/202412/05/content_WS6750dd47c6d0868f4e8edab6.html", "2024-12-05",
     "202412/05"),
    ("https://english.beijing.gov.cn/government/reports/202402/t20240205_3556731.html", "2024-02-05",
     "20240205"),
    ("http://english.sz.gov.cn/news/photos/201910/t20191024_18456421.htm", "2019-10-24", "20191024"),
    ("http://english.qingdao.gov.cn/about/qingdao/202112/t20211224_4133605.shtml", "2021-12-24", "20211224"),
    ("http://english.zj.gov.cn/art/2015/1/30/art_1150_2065213.html", "2015-01-30", "2015/1/30"),
    ("http://en.sx.gov.cn/art/2021/7/30/art_1501262_57916127.html", "2021-07-30", "2021/7/30"),
    ("https://english.shanghai.gov.cn/en-PolicyInsights/20260107/cfa92967afff4c5699e48e94cd6ee6d7.html",
     "2026-01-07", "20260107"),
    ("https://wsb.sh.gov.cn/ztzl/shzxzb/20260114/ca34166ea80a439690aec38c18e74428.html", "2026-01-14",
     "20260114"),
    ("http://www.sc.gov.cn/10462/10758/10760/10765/2024/2/7/af03c6a54b374b77a9f47960d6c85922.shtml",
     "2024-02-07", "2024/2/7"),
    ("http://www.sc.gov.cn/10462/10758/10760/10765/2016/9/27/10397388.shtml", "2016-09-27", "2016/9/27"),
    ("http://en.cq.gov.cn/Government/OfficialRelease/2009/2/17/982279.shtml", "2009-02-17", "2009/2/17"),
    ("http://cdfao.chengdu.gov.cn/cdwqb/c107818/2018-06/27/content_3283a1e425ab4943913a4a16fb1e2e52.shtml",
     "2018-06-27", "2018-06/27"),
    ("https://www.safe.gov.cn/en/2015/0720/1163.html", "2015-07-20", "2015/0720"),
    ("http://english.guiyang.gov.cn/2023-12/15/c_956327.htm?from=2024-01-01#top", "2023-12-15", "2023-12/15"),
    # no full date in the URL
    ("http://english.shaanxi.gov.cn/octzwosx/top/57820.htm", None, None),
    ("http://english.shaanxi.gov.cn/news/shaanxinews/89754.htm", None, None),
    ("http://en.www.guiyang.gov.cn/c5344/index.html", None, None),
    ("http://english1.english.gov.cn/official/2005-09/02/content_28608.htm", None, None),
    ("http://english.mofcom.gov.cn/article/newsrelease/press/202407/20240703524381.shtml", None, None),
    ("http://en.xa.gov.cn/government/workreport/1124.htm", None, None),
    ("https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=329&siteId=300", None, None),
    ("http://www.eguangzhou.gov.cn/gzbusiness/content/post_31895.html", None, None),
    ("https://english.gov.cn/2016special/sichuantour/", None, None),
    ("http://english.guiyang.gov.cn/2023-02/30/c_1.htm", None, None),  # impossible date
]


@pytest.mark.parametrize(("url", "iso", "raw"), URLS, ids=[u[0][-45:] for u in URLS])
def test_date_from_url(url, iso, raw):
    d = date_from_url(url)
    if iso is None:
        assert d is None
        return
    assert (d.iso, d.utc, d.precision, d.raw, d.label) == (iso, None, "day", raw, None)
    assert url[d.span[0]:d.span[1]] == raw


# ---------------------------------------------------------------------------- properties

def _check_valid(text: str, d: NormalisedDate) -> None:
    assert text[d.span[0]:d.span[1]] == d.raw and d.raw
    assert d.precision in ("day", "minute", "second")
    if d.precision == "day":
        assert d.utc is None and len(d.iso) == 10
        date.fromisoformat(d.iso)
    else:
        local = datetime.fromisoformat(d.iso)
        assert local.tzinfo is not None
        utc = datetime.fromisoformat(d.utc.replace("Z", "+00:00"))
        assert local == utc
        assert (d.iso.count(":") - 1 == 2) == (d.precision == "second")
    assert 1990 <= int(d.iso[:4]) <= 2100
    assert d.iso[:4] in d.raw or d.iso[:4] in d.raw.translate(str.maketrans("０１２３４５６７８９", "0123456789"))


_FRAGMENTS = st.sampled_from([
    "Updated:", "Updated :", "Date:", "date:", "Time:", "Release Time:", "Dispatch date:\n", "|", " | ", "(",
    ")", "Source:", "L M S", "Print", "Read: Degree", "Tmp:", "2024", "2023-02-30", "2024-01-31", "18:17:01",
    "2:09 PM", "10 a.m.", "p.m.", "June", "Sept.", "DECEMBER", "May", "5", "15,", "31", "年", "月", "日", "No.2,",
    "Issue 127", "( 2026.01.14 )", "2026.01", "\n", "  ", "T", "+08:00", "Z", "12:05 AM", "of", "5th", "中文版",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=80), st.lists(st.one_of(_FRAGMENTS, st.text(max_size=4)), max_size=10)
                 .map("".join)))
def test_arbitrary_text_never_raises(text):
    d = normalise_date(text)
    if d is not None:
        _check_valid(text, d)


_DAY_SHAPES = [
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    lambda d: f"{d.year}-{d.month}-{d.day}",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
    lambda d: f"{d.strftime('%B')} {d.day}, {d.year}",
    lambda d: f"{d.strftime('%b').upper()} {d.day:02d},{d.year}",
    lambda d: f"{d.day} {d.strftime('%B')} {d.year}",
    lambda d: f"{d.day} {d.strftime('%b')} {d.year}",
]
_PLAIN = st.text(alphabet="abcdefghij KLMNOP|()-:", max_size=20).filter(
    lambda s: not any(w in s.lower() for w in ("am", "pm", "a.m", "p.m")))


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(0, len(_DAY_SHAPES) - 1), _PLAIN, _PLAIN,
       st.sampled_from(["", "Updated: ", "Date:", "english.guiyang.gov.cn|Updated: ", "Title | "]))
def test_date_only_never_yields_a_time(day, shape, before, after, label):
    printed = _DAY_SHAPES[shape](day)
    text = f"{before} {label}{printed} {after}"
    d = normalise_date(text)
    assert d is not None, text
    assert (d.iso, d.precision, d.utc) == (day.isoformat(), "day", None)
    assert d.raw == printed


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1992, 1, 1), max_value=datetime(2100, 12, 30)),
       st.booleans(), st.sampled_from(["iso", "mdy12", "before12"]))
def test_times_round_trip(dt, seconds, shape):
    if shape == "iso":
        text = dt.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    elif shape == "mdy12":
        seconds = False
        text = f"Updated: {dt.strftime('%b')} {dt.day},{dt.year} {dt.hour % 12 or 12}:{dt.minute:02d} " \
               f"{'PM' if dt.hour >= 12 else 'AM'}"
    else:
        seconds = False
        text = f"Beijing | {dt.hour % 12 or 12}:{dt.minute:02d} {'p.m.' if dt.hour >= 12 else 'a.m.'} " \
               f"{dt.strftime('%B')} {dt.day}, {dt.year}"
    d = normalise_date(text)
    expect = dt.replace(microsecond=0) if seconds else dt.replace(second=0, microsecond=0)
    assert d.precision == ("second" if seconds else "minute")
    assert datetime.fromisoformat(d.iso) == expect.replace(tzinfo=timezone(timedelta(hours=8)))
    assert datetime.fromisoformat(d.utc.replace("Z", "+00:00")) == (expect - timedelta(hours=8)).replace(
        tzinfo=timezone.utc)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_arbitrary_urls_never_raise(tail):
    for url in ("http://english.guiyang.gov.cn/" + tail, tail):
        d = date_from_url(url)
        if d is not None:
            assert url[d.span[0]:d.span[1]] == d.raw
            date.fromisoformat(d.iso)
