from .base import TrsSpider


class HunanSpider(TrsSpider):
    name = "hunan"
    portal_name = "Hunan (enghunan.gov.cn)"
    hosts = ("enghunan.gov.cn",)
    # section folder of the known article URL
    sections = {
        "Local news": "https://enghunan.gov.cn/hneng/News/Localnews/index.html",
    }
    level = "province"
    province = "Hunan"
    city = None
