from .base import HanwebSpider


class ShaoxingSpider(HanwebSpider):
    name = "shaoxing"
    portal_name = "Shaoxing (en.sx.gov.cn)"
    hosts = ("en.sx.gov.cn",)
    # Hanweb column page of column 1501262 (inferred)
    sections = {
        "Hot News": "https://en.sx.gov.cn/col/col1501262/index.html",
    }
    level = "city"
    province = "Zhejiang"
    city = "Shaoxing"
