from .base import ShanghaiCmsSpider


class ShanghaiSpider(ShanghaiCmsSpider):
    name = "shanghai"
    portal_name = "Shanghai (english.shanghai.gov.cn)"
    hosts = ("english.shanghai.gov.cn",)
    # first page of /en-Latest-WhatsNew/index_10.html; section folder of the known Policy Insights URL
    sections = {
        "Latest": "https://english.shanghai.gov.cn/en-Latest-WhatsNew/index.html",
        "Policy Insights": "https://english.shanghai.gov.cn/en-PolicyInsights/index.html",
    }
    level = "province"
    province = "Shanghai"
    city = "Shanghai"
