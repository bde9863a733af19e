"""The portal registry: a spider for every catalogue host, each with fixtures and exact tests, names that agree."""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path

import pytest

from tests.conftest import SITES, run_cli
from tests.portal_cases import family_modules, spider_class
from tests.test_sample_portal_extract import ARTICLES, LISTINGS as F1_LISTINGS, fixture_file

SPIDERS = Path(__file__).resolve().parents[1] / "portal_spider" / "spiders"

#: Every host of the portal catalogue in docs/families.md: the 42 rows' hosts and the 7 Guiyang district
#: subdomains (49), written out here so that a spider dropped from the code fails this test.
CATALOGUE_HOSTS = (
    "english.www.gov.cn", "english.scio.gov.cn", "english.mofcom.gov.cn", "www.fmprc.gov.cn", "www.safe.gov.cn",
    "eng.yidaiyilu.gov.cn", "english.beijing.gov.cn", "wb.beijing.gov.cn", "english.shanghai.gov.cn",
    "touch.shio.gov.cn", "stcsm.sh.gov.cn", "wsb.sh.gov.cn", "english.sz.gov.cn", "www.szns.gov.cn",
    "english.guiyang.gov.cn", "en.www.guiyang.gov.cn", "www.eguizhou.gov.cn", "www.eguangzhou.gov.cn",
    "english.gz.gov.cn", "fipc.dg.gov.cn", "en.fao.xm.gov.cn", "www.ehangzhou.gov.cn", "www.ezhejiang.gov.cn",
    "english.zj.gov.cn", "en.sx.gov.cn", "english.jinan.gov.cn", "english.qingdao.gov.cn", "www.sc.gov.cn",
    "cdfao.chengdu.gov.cn", "en.cq.gov.cn", "enghunan.gov.cn", "en.csx.gov.cn", "en.yueyang.gov.cn",
    "english.shaanxi.gov.cn", "en.xa.gov.cn", "english.nanning.gov.cn", "english.suzhou.gov.cn", "www.sipac.gov.cn",
    "commerce.suzhou.gov.cn", "www.wuhan.gov.cn", "www.shenyang.gov.cn", "en.moe.gov.cn",
    "nanming.english.guiyang.gov.cn", "jw.english.guiyang.gov.cn", "baiyun.english.guiyang.gov.cn",
    "yunyan.english.guiyang.gov.cn", "hx.english.guiyang.gov.cn", "wudang.english.guiyang.gov.cn",
    "wlj.english.guiyang.gov.cn",
)
#: Aliases and hosts known by URL only (the catalogue's "–" rows), covered as well.
OTHER_HOSTS = ("english.gov.cn", "61.129.132.137", "www.sz.gov.cn", "en.www.km.gov.cn", "www.wuhu.gov.cn",
               "en.gxzf.gov.cn")
LEVELS = {"state", "province", "city", "district"}


@pytest.fixture(scope="module")
def registry() -> list[dict]:
    result = run_cli("portals", "--format", "json", "--db", "/nonexistent/archive.db")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def spider_names() -> list[str]:
    return sorted(p.stem for p in SPIDERS.glob("*.py") if p.stem != "__init__")


def exact_cases() -> dict[str, list[str]]:
    """spider -> article URLs with exact expected fields, from every family test module."""
    cases: dict[str, list[str]] = {}
    for module in family_modules():
        for spider, pages in getattr(module, "CASES", {}).items():
            cases.setdefault(spider, []).extend(url for url, _ in pages)
    # Guiyang and eguizhou are the F1 truth of tests/test_sample_portal_extract.py
    for url, overlay, _ in ARTICLES.values():
        if overlay:  # an edited or added page, served over the base fixtures (the demo's, the revisits')
            continue
        name = "eguizhou" if "eguizhou" in url else "guiyang"
        cases.setdefault(name, []).append(url)
    return cases


def test_catalogue_has_49_hosts():
    assert len(CATALOGUE_HOSTS) == len(set(CATALOGUE_HOSTS)) == 49


@pytest.mark.parametrize("host", CATALOGUE_HOSTS + OTHER_HOSTS)
def test_every_catalogue_host_is_crawled_by_a_spider(registry, host):
    assert [r["name"] for r in registry if host in r["hosts"]], f"no spider covers {host}"


def test_registry_lists_every_spider_with_its_metadata(registry):
    assert sorted(r["name"] for r in registry) == spider_names()
    for r in registry:
        assert r["family"] in {"F1", "F2", "F3", "F4", "F5", "F6", "F6b", "F7", "F8", "F9", "F10"}, r
        assert r["level"] in LEVELS, r
        assert r["hosts"] and r["sections"] and r["portal_name"], r


@pytest.mark.parametrize("name", spider_names())
def test_file_spider_and_class_names_agree(name):
    module = importlib.import_module(f"portal_spider.spiders.{name}")
    classes = [c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__]
    assert len(classes) == 1, classes
    cls = classes[0]
    assert cls.name == name
    assert cls.__name__ == "".join(part.capitalize() for part in name.split("_")) + "Spider"


@pytest.mark.parametrize("name", spider_names())
def test_every_spider_has_fixtures_and_an_exact_test(name):
    cls = spider_class(name)
    for url in cls.sections.values():
        assert fixture_file(url).is_file(), f"{name}: no listing fixture for {url}"
    urls = exact_cases().get(name)
    assert urls, f"{name}: no exact-field test (add CASES to a tests/test_family_*.py module)"
    for url in urls:
        assert fixture_file(url).is_file(), f"{name}: no fixture for {url}"


@pytest.mark.parametrize("name", spider_names())
def test_every_spider_declares_its_family_attributes(name):
    from portal_spider.families import FAMILIES

    cls = spider_class(name)
    assert FAMILIES[cls.family].spider_base in [base.__name__ for base in cls.__mro__]
    if cls.family == "F9":
        assert cls.article_pattern, f"{name}: a generic (F9) spider needs article_pattern"


def test_family_table_matches_the_base_spiders():
    from portal_spider.families import FAMILIES
    from portal_spider.spiders import base

    assert list(FAMILIES) == ["F1", "F2", "F3", "F4", "F5", "F6", "F6b", "F7", "F8", "F9", "F10"]
    for family in FAMILIES:
        cls = getattr(base, FAMILIES[family].spider_base)
        assert cls.family == family, cls
        doc = inspect.getdoc(cls)
        assert "Required attributes" in doc and "Optional hook" in doc, family


def test_registry_collects_every_spiders_mirror_hosts():
    from portal_spider.registry import mirror_hosts

    declared = {}
    for name in spider_names():
        cls = spider_class(name)
        assert set(cls.mirror_hosts) <= set(cls.hosts), name  # a mirror is one of the portal's own hosts
        assert not set(cls.mirror_hosts) & set(declared), name  # and no other portal's
        declared.update(cls.mirror_hosts)
    assert mirror_hosts() == declared
    assert len(declared) == 10 and declared["english.sz.gov.cn"] == "www.sz.gov.cn/en_szgov"


def test_f1_listings_of_the_sample_portal_are_read_by_their_spiders():
    from tests.portal_cases import listing_links

    assert listing_links("guiyang") == F1_LISTINGS["https://english.guiyang.gov.cn/news.html"]


@pytest.mark.parametrize("name", spider_names())
def test_every_spiders_family_is_the_one_its_pages_show(name):
    """URL shapes and markup signatures (asset names, pager scripts, footers) name the family; a one-off (F9)
    portal's pages show none of another family's."""
    from portal_spider.extract.encoding import decode_html
    from portal_spider.families import recognise_family
    from portal_spider.sample_portal import url_file

    cls = spider_class(name)
    for url in exact_cases()[name]:
        family, evidence = recognise_family(url, decode_html((SITES / url_file(url)).read_bytes())[0])
        assert family == (None if cls.family == "F9" else cls.family), f"{name} {url}: {family} by {evidence}"
