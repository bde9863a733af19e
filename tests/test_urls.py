import pytest

from portal_spider.families import f1_sibling_pages, url_family
from portal_spider.urls import canonical_url


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://english.guiyang.gov.cn/2024-01/31/c_956327.htm", "https://english.guiyang.gov.cn/2024-01/31/c_956327.htm"),
        ("https://ENGLISH.guiyang.gov.cn/2024-01/31/c_956327.htm#comments", "https://english.guiyang.gov.cn/2024-01/31/c_956327.htm"),
        ("https://english.guiyang.gov.cn:443/2024-01/31/c_956327.htm?from=singlemessage&isappinstalled=0",
         "https://english.guiyang.gov.cn/2024-01/31/c_956327.htm"),
        ("https://nanming.english.guiyang.gov.cn/2024-03/21/c_973087.htm", "https://english.guiyang.gov.cn/nanming/2024-03/21/c_973087.htm"),
        ("https://english.guiyang.gov.cn/nanming/2024-03/21/c_973087.htm", "https://english.guiyang.gov.cn/nanming/2024-03/21/c_973087.htm"),
        ("http://hx.english.guiyang.gov.cn/2024-02/19/c_963210.htm", "https://english.guiyang.gov.cn/huaxi/2024-02/19/c_963210.htm"),
        ("https://baiyun.english.guiyang.gov.cn/2022-01/12/c_698028.htm", "https://english.guiyang.gov.cn/baiyun/2022-01/12/c_698028.htm"),
        ("http://english.gov.cn/policies/policy_watch/2016/08/15/content_281475417938311.htm",
         "https://english.www.gov.cn/policies/policy_watch/2016/08/15/content_281475417938311.htm"),
        ("https://english.www.gov.cn/news/index.html", "https://english.www.gov.cn/news/"),
        ("http://english.sz.gov.cn/news/latest/index.html", "https://www.sz.gov.cn/en_szgov/news/latest/"),
        ("http://61.129.132.137/jsp/zfxw_default_en.jsp?siteId=300&p_page=22",
         "https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=22&siteId=300"),
        ("https://www.eguizhou.gov.cn/2024-03/13/c_970728.htm?utm_source=x&id=5", "https://www.eguizhou.gov.cn/2024-03/13/c_970728.htm?id=5"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent():
    url = "http://nanming.english.guiyang.gov.cn/2024-03/21/c_973087.htm"
    assert canonical_url(canonical_url(url)) == canonical_url(url)


@pytest.mark.parametrize(
    "url, family",
    [
        ("https://english.guiyang.gov.cn/2023-12/15/c_956327.htm", "F1"),
        ("http://www.eguizhou.gov.cn/2014-06/09/content_17573809.htm", "F2"),
        ("http://english.www.gov.cn/news/202407/26/content_WS66a2d827c6d0868f4e8e975c.html", "F3"),
        ("https://english.beijing.gov.cn/government/reports/202402/t20240205_3556731.html", "F4"),
        ("https://english.zj.gov.cn/art/2015/1/30/art_1150_2065213.html", "F5"),
        ("https://english.shanghai.gov.cn/en-PolicyInsights/20260107/cfa92967afff4c5699e48e94cd6ee6d7.html", "F6"),
        ("https://www.sc.gov.cn/10462/10758/10760/10765/2018/5/23/10451594.shtml", "F7"),
        ("http://english.shaanxi.gov.cn/octzwosx/top/57820.htm", "F8"),
        ("http://en.www.guiyang.gov.cn/c5344/index.html", "F10"),
        ("https://english.guiyang.gov.cn/profile.html", None),
    ],
)
def test_url_family(url, family):
    assert url_family(url) == family


def test_f1_siblings_of_a_later_page():
    page, siblings = f1_sibling_pages(
        "https://zhejiang.chinadaily.com.cn/2020-04/10/c_420291_6.htm", ["c_420291.htm", "c_420291_5.htm", "c_420291_7.htm"]
    )
    assert page == 6
    assert siblings == ["https://zhejiang.chinadaily.com.cn/2020-04/10/c_420291_5.htm",
                        "https://zhejiang.chinadaily.com.cn/2020-04/10/c_420291_7.htm"]
