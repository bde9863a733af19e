from .base import SichuanPortalSpider


class SichuanSpider(SichuanPortalSpider):
    name = "sichuan"
    portal_name = "Sichuan (www.sc.gov.cn, English pages)"
    hosts = ("www.sc.gov.cn",)
    # column folder of the known article URLs
    sections = {
        "News": "https://www.sc.gov.cn/10462/10758/10760/10765/index.shtml",
    }
    level = "province"
    province = "Sichuan"
    city = None
