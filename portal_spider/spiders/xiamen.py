from .base import ChinaDailyCmsSpider


class XiamenSpider(ChinaDailyCmsSpider):
    name = "xiamen"
    portal_name = "Xiamen FAO (en.fao.xm.gov.cn)"
    hosts = ("en.fao.xm.gov.cn",)
    # listing URL plausible (not documented)
    sections = {
        "News": "https://en.fao.xm.gov.cn/news.html",
    }
    level = "city"
    province = "Fujian"
    city = "Xiamen"
