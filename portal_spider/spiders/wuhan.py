from .base import TrsSpider


class WuhanSpider(TrsSpider):
    name = "wuhan"
    portal_name = "Wuhan (www.wuhan.gov.cn/wwwz)"
    hosts = ("www.wuhan.gov.cn",)
    # section folder of the known article URL
    sections = {
        "News": "https://www.wuhan.gov.cn/wwwz/ywwz_1/H_1/NWP/index.shtml",
    }
    level = "city"
    province = "Hubei"
    city = "Wuhan"
