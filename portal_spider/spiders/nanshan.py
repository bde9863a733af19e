from .base import TrsSpider


class NanshanSpider(TrsSpider):
    name = "nanshan"
    portal_name = "Nanshan District, Shenzhen (www.szns.gov.cn/english)"
    hosts = ("www.szns.gov.cn",)
    # section folder of the known work-report URL
    sections = {
        "Work reports": "https://www.szns.gov.cn/english/government/workreport/index.html",
    }
    level = "district"
    province = "Guangdong"
    city = "Shenzhen"
