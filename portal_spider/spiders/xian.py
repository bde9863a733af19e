from .base import GenericPortalSpider


class XianSpider(GenericPortalSpider):
    name = "xian"
    portal_name = "Xi'an (en.xa.gov.cn)"
    hosts = ("en.xa.gov.cn",)
    # section folder of the known article URL
    sections = {
        "Work report": "http://en.xa.gov.cn/government/workreport/index.html",
    }
    article_pattern = r"^/[a-z]+/[a-z]+/\d+\.htm$"
    level = "city"
    province = "Shaanxi"
    city = "Xi'an"
