from .base import TrsSpider


class GuangxiSpider(TrsSpider):
    name = "guangxi"
    portal_name = "Guangxi (en.gxzf.gov.cn)"
    hosts = ("en.gxzf.gov.cn",)
    # not seen: named as a source only; list and article shapes inferred
    sections = {
        "News": "http://en.gxzf.gov.cn/news/index.shtml",
    }
    # TRS WCM by its URLs and uploads (docs/families.md, F4); the pattern keeps to the English tree
    article_pattern = r"^/news/\d{6}/t\d{8}_\d+\.s?html$"
    level = "province"
    province = "Guangxi"
    city = None
