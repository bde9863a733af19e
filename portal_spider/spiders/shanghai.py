from .base import ShanghaiCmsSpider


class ShanghaiSpider(ShanghaiCmsSpider):
    name = "shanghai"
    portal_name = "Shanghai (english.shanghai.gov.cn)"
    hosts = ("english.shanghai.gov.cn",)
    sections = {
        "Latest": "https://english.shanghai.gov.cn/en-Latest-WhatsNew/index.html",
        "Policy Insights": "https://english.shanghai.gov.cn/en-PolicyInsights/index.html",
    }
    level = "province"
    province = "Shanghai"
    city = "Shanghai"
