from .base import TrsSpider


class BeijingSpider(TrsSpider):
    name = "beijing"
    portal_name = "Beijing International Web Portal (english.beijing.gov.cn)"
    hosts = ("english.beijing.gov.cn",)
    sections = {
        "News": "https://english.beijing.gov.cn/latest/news/index.html",
    }
    level = "province"
    province = "Beijing"
    city = "Beijing"
