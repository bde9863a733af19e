from .base import GenericPortalSpider


class ScioSpider(GenericPortalSpider):
    name = "scio"
    portal_name = "State Council Information Office (english.scio.gov.cn)"
    hosts = ("english.scio.gov.cn",)
    # plausible press-room index
    sections = {
        "Press room": "https://english.scio.gov.cn/m/pressroom/index.htm",
    }
    article_pattern = r"/pressroom/node_\d+\.htm$"
    level = "state"
    province = None
    city = None
