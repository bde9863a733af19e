from .base import TrsSpider


class MfaSpider(TrsSpider):
    name = "mfa"
    portal_name = "Ministry of Foreign Affairs (www.fmprc.gov.cn/mfa_eng)"
    hosts = ("www.fmprc.gov.cn",)
    # section folder of the known article URL
    sections = {
        "News": "https://www.fmprc.gov.cn/mfa_eng/wjbxw/index.shtml",
        "Spokesperson's Remarks": "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/default.shtml",
    }
    # TRS WCM by its URLs and uploads (docs/families.md, F4); the pattern keeps to the English tree
    article_pattern = r"^/mfa_eng/.+/t\d+(?:_\d+)?\.s?html$"
    level = "state"
    province = None
    city = None
