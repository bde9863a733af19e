"""The portal registry: every spider's declared attributes, as data.

``portal-archive portals`` lists it; ``python -m portal_spider.registry`` prints it as JSON.
:func:`mirror_hosts` collects the spiders' ``mirror_hosts`` for :func:`portal_spider.urls.canonical_url`.
"""

from __future__ import annotations

import ast
import json
import sys
from functools import cache
from pathlib import Path

SPIDERS = Path(__file__).resolve().parent / "spiders"


@cache
def mirror_hosts() -> dict[str, str]:
    """``{host: other host[/folder]}``: every portal spider's ``mirror_hosts``, merged.

    Read from the spider modules' source as literals, not by importing them:
    canonical URLs are computed in pure code (the extractor, the archive's
    look-ups), which must not pay for importing Scrapy and 45 spiders.

    >>> mirror_hosts()["nanming.english.guiyang.gov.cn"], mirror_hosts()["english.gov.cn"]
    ('english.guiyang.gov.cn/nanming', 'english.www.gov.cn')
    """
    found: dict[str, str] = {}
    for path in sorted(SPIDERS.glob("*.py")):
        for node in ast.parse(path.read_bytes(), str(path)).body:
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if isinstance(statement, ast.Assign) and any(
                            isinstance(t, ast.Name) and t.id == "mirror_hosts" for t in statement.targets):
                        found.update(ast.literal_eval(statement.value))
    return found


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
