from .base import ShanghaiJspSpider


class ShioSpider(ShanghaiJspSpider):
    name = "shio"
    portal_name = "Shanghai Information Office news app (touch.shio.gov.cn)"
    hosts = ("touch.shio.gov.cn", "61.129.132.137",)
    mirror_hosts = {"61.129.132.137": "touch.shio.gov.cn"}  # the same app
    # the documented JSP list (page 1)
    sections = {
        "News": "https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=1&siteId=300",
    }
    level = "province"
    province = "Shanghai"
    city = "Shanghai"
