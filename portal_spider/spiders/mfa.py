from .base import GenericPortalSpider


class MfaSpider(GenericPortalSpider):
    name = "mfa"
    portal_name = "Ministry of Foreign Affairs (www.fmprc.gov.cn/mfa_eng)"
    hosts = ("www.fmprc.gov.cn",)
    # section folder of the known article URL
    sections = {
        "News": "https://www.fmprc.gov.cn/mfa_eng/wjbxw/index.shtml",
        "Spokesperson's Remarks": "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/default.shtml",
    }
    article_pattern = r"^/mfa_eng/.+/t\d+(?:_\d+)?\.s?html$"
    level = "state"
    province = None
    city = None
