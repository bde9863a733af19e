from .base import HanwebSpider


class JinanSpider(HanwebSpider):
    name = "jinan"
    portal_name = "Jinan (english.jinan.gov.cn)"
    hosts = ("english.jinan.gov.cn",)
    # Hanweb column page of column 29558 (inferred)
    sections = {
        "News": "https://english.jinan.gov.cn/col/col29558/index.html",
    }
    level = "city"
    province = "Shandong"
    city = "Jinan"
