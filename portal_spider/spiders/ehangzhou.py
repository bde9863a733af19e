from .base import ChinaDailyCmsSpider


class EhangzhouSpider(ChinaDailyCmsSpider):
    name = "ehangzhou"
    portal_name = "Hangzhou (www.ehangzhou.gov.cn)"
    hosts = ("www.ehangzhou.gov.cn",)
    # listing URL plausible (breadcrumb Home> Latest)
    sections = {
        "Latest": "https://www.ehangzhou.gov.cn/latest.html",
    }
    level = "city"
    province = "Zhejiang"
    city = "Hangzhou"
