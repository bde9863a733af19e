from .base import TrsSpider


class QingdaoSpider(TrsSpider):
    name = "qingdao"
    portal_name = "Qingdao (english.qingdao.gov.cn)"
    hosts = ("english.qingdao.gov.cn",)
    # section folder of the known article URL
    sections = {
        "About Qingdao": "https://english.qingdao.gov.cn/about/qingdao/index.shtml",
    }
    level = "city"
    province = "Shandong"
    city = "Qingdao"
