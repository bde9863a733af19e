from .base import HanwebSpider


class ZhejiangSpider(HanwebSpider):
    name = "zhejiang"
    portal_name = "Zhejiang (english.zj.gov.cn)"
    hosts = ("english.zj.gov.cn",)
    # Hanweb column page of column 1150 (inferred)
    sections = {
        "News": "https://english.zj.gov.cn/col/col1150/index.html",
    }
    level = "province"
    province = "Zhejiang"
    city = None
