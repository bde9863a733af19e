from .base import TrsSpider


class BeijingSpider(TrsSpider):
    name = "beijing"
    portal_name = "Beijing International Web Portal (english.beijing.gov.cn)"
    hosts = ("english.beijing.gov.cn",)
    # section folder of the known /latest/news/ article URLs (first page index.html)
    sections = {
        "News": "https://english.beijing.gov.cn/latest/news/index.html",
    }
    level = "province"
    province = "Beijing"
    city = "Beijing"
