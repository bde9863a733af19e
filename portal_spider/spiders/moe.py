from .base import TrsSpider


class MoeSpider(TrsSpider):
    name = "moe"
    portal_name = "Ministry of Education (en.moe.gov.cn)"
    hosts = ("en.moe.gov.cn",)
    # plausible: only /statement/ is known
    sections = {
        "Press releases": "http://en.moe.gov.cn/news/press_releases/",
    }
    # TRS WCM by its URLs and uploads (docs/families.md, F4); the pattern keeps to the English tree
    article_pattern = r"^/news/[\w/]+/\d{6}/t\d{8}_\d+\.html$"
    level = "state"
    province = None
    city = None
