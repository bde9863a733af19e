from .base import ShanghaiCmsSpider


class StcsmSpider(ShanghaiCmsSpider):
    name = "stcsm"
    portal_name = "Shanghai Science and Technology Commission (stcsm.sh.gov.cn/english)"
    hosts = ("stcsm.sh.gov.cn",)
    # section folder of the known article URLs
    sections = {
        "News": "https://stcsm.sh.gov.cn/english/News/index.html",
    }
    level = "province"
    province = "Shanghai"
    city = "Shanghai"
