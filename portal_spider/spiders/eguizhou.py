from .base import ChinaDailyCmsSpider


class EguizhouSpider(ChinaDailyCmsSpider):
    name = "eguizhou"
    portal_name = "Guizhou (www.eguizhou.gov.cn)"
    hosts = ("www.eguizhou.gov.cn",)
    sections = {
        "Latest": "https://www.eguizhou.gov.cn/2023guizhoulatest.html",
    }
    level = "province"
    province = "Guizhou"
    city = None
