"""The portal registry: every spider's declared attributes, as data.

``portal-archive portals`` lists it; ``python -m portal_spider.registry`` prints it as JSON.
"""

from __future__ import annotations

import json
import sys

#: family id -> its base spider class in ``portal_spider.spiders.base`` (plain data: the scaffold in
#: ``archive`` reads it without importing Scrapy)
FAMILY_BASES = {
    "F1": "ChinaDailyCmsSpider", "F2": "LegacyChinaDailySpider", "F3": "StateCouncilSpider", "F4": "TrsSpider",
    "F5": "HanwebSpider", "F6": "ShanghaiCmsSpider", "F6b": "ShanghaiJspSpider", "F7": "SichuanPortalSpider",
    "F8": "ShaanxiPortalSpider", "F9": "GenericPortalSpider", "F10": "LegacyGuiyangSpider",
}


def portal_records() -> list[dict]:
    from .project import spider_loader

    loader = spider_loader()
    records = []
    for name in sorted(loader.list()):
        cls = loader.load(name)
        records.append({
            "name": name,
            "portal_name": cls.portal_name,
            "hosts": list(cls.hosts),
            "family": cls.family,
            "level": cls.level,
            "province": cls.province,
            "city": cls.city,
            "sections": dict(cls.sections),
            "spider_class": cls.__name__,
            "module": cls.__module__,
        })
    return records


if __name__ == "__main__":
    json.dump(portal_records(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
