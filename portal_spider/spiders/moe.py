from .base import GenericPortalSpider


class MoeSpider(GenericPortalSpider):
    name = "moe"
    portal_name = "Ministry of Education (en.moe.gov.cn)"
    hosts = ("en.moe.gov.cn",)
    # plausible: only /statement/ is known
    sections = {
        "Press releases": "http://en.moe.gov.cn/news/press_releases/",
    }
    article_pattern = r"^/news/[\w/]+/\d{6}/t\d{8}_\d+\.html$"
    level = "state"
    province = None
    city = None
