from .base import ChinaDailyCmsSpider


class ChangshaSpider(ChinaDailyCmsSpider):
    name = "changsha"
    portal_name = "Changsha (en.csx.gov.cn)"
    hosts = ("en.csx.gov.cn",)
    # first page of /news_2.html; F1 inferred from the list
    sections = {
        "News": "https://en.csx.gov.cn/news.html",
    }
    level = "city"
    province = "Hunan"
    city = "Changsha"
