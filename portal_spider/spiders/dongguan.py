from .base import GenericPortalSpider


class DongguanSpider(GenericPortalSpider):
    name = "dongguan"
    portal_name = "Dongguan FIPC (fipc.dg.gov.cn)"
    hosts = ("fipc.dg.gov.cn",)
    # section folder of the known article URLs
    sections = {
        "Photo news": "https://fipc.dg.gov.cn/ywb/newsevents/photonews/index.html",
    }
    article_pattern = r"/content/post_\d+\.html$"
    level = "city"
    province = "Guangdong"
    city = "Dongguan"
