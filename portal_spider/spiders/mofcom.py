from .base import GenericPortalSpider


class MofcomSpider(GenericPortalSpider):
    name = "mofcom"
    portal_name = "Ministry of Commerce (english.mofcom.gov.cn)"
    hosts = ("english.mofcom.gov.cn",)
    # section folder of the known article URLs
    sections = {
        "Press Conference": "http://english.mofcom.gov.cn/article/newsrelease/press/",
        "Announcements": "http://english.mofcom.gov.cn/article/policyrelease/announcement/list.shtml",
    }
    article_pattern = r"/article/\w+/\w+/\d{6}/\d{8,}\.shtml$"
    level = "state"
    province = None
    city = None
