from .base import GenericPortalSpider


class SuzhouCommerceSpider(GenericPortalSpider):
    name = "suzhou_commerce"
    portal_name = "Suzhou Commerce Bureau (commerce.suzhou.gov.cn)"
    hosts = ("commerce.suzhou.gov.cn",)
    # /commerce/index.shtml is the only known page; article shape inferred
    sections = {
        "News": "https://commerce.suzhou.gov.cn/commerce/index.shtml",
    }
    article_pattern = r"^/commerce/\w+/\d{6}/[0-9a-f]{32}\.shtml$"
    level = "city"
    province = "Jiangsu"
    city = "Suzhou"
