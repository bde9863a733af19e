from .base import GenericPortalSpider


class SipacSpider(GenericPortalSpider):
    name = "sipac"
    portal_name = "Suzhou Industrial Park (www.sipac.gov.cn)"
    hosts = ("www.sipac.gov.cn",)
    # plausible: only a special page's URL is known
    sections = {
        "News": "https://www.sipac.gov.cn/szgyyqenglish/news/index.shtml",
        "Park News": "https://www.sipac.gov.cn/szgyyqenglish/parknews/index.shtml",
    }
    article_pattern = r"^/szgyyqenglish/\w+/\d{6}/[0-9a-f]{32}\.shtml$"
    level = "district"
    province = "Jiangsu"
    city = "Suzhou"
