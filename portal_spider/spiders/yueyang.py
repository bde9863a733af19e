from .base import GenericPortalSpider


class YueyangSpider(GenericPortalSpider):
    name = "yueyang"
    portal_name = "Yueyang (en.yueyang.gov.cn)"
    hosts = ("en.yueyang.gov.cn",)
    # plausible list page of column 21733
    sections = {
        "News": "http://en.yueyang.gov.cn/21733/index.htm",
    }
    article_pattern = r"^/\d+/content_\d+\.html$"
    level = "city"
    province = "Hunan"
    city = "Yueyang"
