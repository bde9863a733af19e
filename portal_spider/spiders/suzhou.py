from .base import TrsSpider


class SuzhouSpider(TrsSpider):
    name = "suzhou"
    portal_name = "Suzhou (english.suzhou.gov.cn)"
    hosts = ("english.suzhou.gov.cn",)
    # section folder of the known article URL
    sections = {
        "Guide": "https://english.suzhou.gov.cn/gltj2/index.shtml",
    }
    level = "city"
    province = "Jiangsu"
    city = "Suzhou"
