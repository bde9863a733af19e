from .base import GenericPortalSpider


class SafeSpider(GenericPortalSpider):
    name = "safe"
    portal_name = "State Administration of Foreign Exchange (www.safe.gov.cn/en)"
    hosts = ("www.safe.gov.cn",)
    # plausible news column
    sections = {
        "News": "https://www.safe.gov.cn/en/whatsnew/index.html",
    }
    article_pattern = r"^/en/\d{4}/\d{4}/\d+\.html$"
    level = "state"
    province = None
    city = None
