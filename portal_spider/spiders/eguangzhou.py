from .base import ChinaDailyCmsSpider


class EguangzhouSpider(ChinaDailyCmsSpider):
    name = "eguangzhou"
    portal_name = "Guangzhou (www.eguangzhou.gov.cn)"
    hosts = ("www.eguangzhou.gov.cn",)
    # first page inferred from the mirror's gzlatest_221.html
    sections = {
        "Latest": "https://www.eguangzhou.gov.cn/gzlatest.html",
    }
    level = "city"
    province = "Guangdong"
    city = "Guangzhou"
