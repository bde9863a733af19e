from .base import GenericPortalSpider


class ChongqingSpider(GenericPortalSpider):
    name = "chongqing"
    portal_name = "Chongqing 2009 (en.cq.gov.cn)"
    hosts = ("en.cq.gov.cn",)
    # section folder of the known article URL
    sections = {
        "Official release": "http://en.cq.gov.cn/Government/OfficialRelease/index.shtml",
    }
    article_pattern = r"/\d{4}/\d{1,2}/\d{1,2}/\d+\.shtml$"
    level = "province"
    province = "Chongqing"
    city = "Chongqing"
