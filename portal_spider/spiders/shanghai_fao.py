from .base import ShanghaiCmsSpider


class ShanghaiFaoSpider(ShanghaiCmsSpider):
    name = "shanghai_fao"
    portal_name = "Shanghai Foreign Affairs Office (wsb.sh.gov.cn)"
    hosts = ("wsb.sh.gov.cn",)
    # section folder of the known bulletin URL
    sections = {
        "Weekly Bulletin": "https://wsb.sh.gov.cn/ztzl/shzxzb/index.html",
    }
    level = "province"
    province = "Shanghai"
    city = "Shanghai"
