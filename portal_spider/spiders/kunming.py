from .base import ChinaDailyCmsSpider


class KunmingSpider(ChinaDailyCmsSpider):
    name = "kunming"
    portal_name = "Kunming (en.www.km.gov.cn)"
    hosts = ("en.www.km.gov.cn",)
    # plausible: only article URLs are known
    sections = {
        "News": "https://en.www.km.gov.cn/news.html",
    }
    level = "city"
    province = "Yunnan"
    city = "Kunming"
