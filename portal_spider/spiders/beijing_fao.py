from .base import TrsSpider


class BeijingFaoSpider(TrsSpider):
    name = "beijing_fao"
    portal_name = "Beijing Foreign Affairs Office (wb.beijing.gov.cn/en)"
    hosts = ("wb.beijing.gov.cn",)
    # section folder of the known public-diplomacy article URL
    sections = {
        "Public diplomacy": "https://wb.beijing.gov.cn/en/public_service/public_diplomacy/index.html",
    }
    level = "province"
    province = "Beijing"
    city = "Beijing"
