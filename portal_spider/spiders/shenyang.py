from .base import TrsSpider


class ShenyangSpider(TrsSpider):
    name = "shenyang"
    portal_name = "Shenyang (www.shenyang.gov.cn/english)"
    hosts = ("www.shenyang.gov.cn",)
    # plausible: only /english/disclaimer/ is known
    sections = {
        "News": "https://www.shenyang.gov.cn/english/news/index.html",
    }
    # TRS WCM by its URLs and uploads (docs/families.md, F4); the pattern keeps to the English tree
    article_pattern = r"^/english/.+/t\d{8}_\d+\.html$"
    level = "city"
    province = "Liaoning"
    city = "Shenyang"
