"""``portal-archive new-portal``: a spider, a fixture placeholder and a test that fails until it is written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_cli


@pytest.fixture
def project(tmp_path):
    """A copy of the project's spiders, fixtures and test helpers to scaffold into."""
    for folder in ("portal_spider", "tests"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "scrapy.cfg", tmp_path / "scrapy.cfg")
    return tmp_path


def run_in(project, *args):
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=project, env=env, timeout=120)


def test_new_portal_writes_spider_fixture_and_failing_test(project):
    result = run_cli("new-portal", "harbin", "--family", "F4", "--start-url",
                     "https://english.harbin.gov.cn/news/index.html", "--province", "Heilongjiang", "--city", "Harbin",
                     "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "wrote portal_spider/spiders/harbin.py",
        "wrote portal_spider/sample_portal/sites/english.harbin.gov.cn/news/index.html",
        "wrote tests/test_portal_harbin.py",
    ]
    assert (project / "portal_spider/spiders/harbin.py").read_text() == '''from .base import TrsSpider


class HarbinSpider(TrsSpider):
    name = "harbin"
    portal_name = "Harbin (english.harbin.gov.cn)"
    hosts = ("english.harbin.gov.cn",)
    sections = {
        "News": "https://english.harbin.gov.cn/news/index.html",
    }
    level = "city"
    province = "Heilongjiang"
    city = "Harbin"
'''
    listed = run_in(project, "-m", "scrapy", "list")
    assert "harbin" in listed.stdout.split(), listed.stderr
    tests = run_in(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_portal_harbin.py")
    assert tests.returncode == 1, tests.stdout
    assert "save an article of harbin and write its expected fields in CASES" in tests.stdout
    registry = run_in(project, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_registry.py",
                      "-k", "fixtures_and_an_exact_test and harbin")
    assert registry.returncode == 1 and "harbin: no exact-field test" in registry.stdout, registry.stdout


def test_new_portal_refuses_bad_names_and_existing_spiders(project):
    bad = run_cli("new-portal", "Harbin City", "--family", "F4", "--start-url", "https://x.gov.cn/", "--root", str(project))
    assert bad.returncode == 2 and "lower-case letters" in bad.stderr
    taken = run_cli("new-portal", "beijing", "--family", "F4", "--start-url", "https://x.gov.cn/", "--root", str(project))
    assert taken.returncode == 2 and "beijing.py already exists" in taken.stderr
    f9 = run_cli("new-portal", "hefei", "--family", "F9", "--start-url", "http://english.hefei.gov.cn/news/",
                 "--root", str(project))
    assert f9.returncode == 0, f9.stderr
    assert 'article_pattern = r"/CHANGE-ME/' in (project / "portal_spider/spiders/hefei.py").read_text()
    assert (project / "portal_spider/sample_portal/sites/english.hefei.gov.cn/news/index.html").is_file()


def test_new_portal_recognises_the_family_from_an_article_url_and_a_saved_page(project, tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes(b'<html><body><h1>Harbin ice festival opens</h1><p><img src="./W020240105512398761234.jpg"></p>'
                     b'<script>createPageHTML(1, 0, "t20240105_77", "html");</script></body></html>')
    result = run_cli("new-portal", "harbin", "--start-url", "https://english.harbin.gov.cn/news/index.html",
                     "--article-url", "https://english.harbin.gov.cn/news/202401/t20240105_77.html",
                     "--page", str(page), "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ("family F4 (TRS WCM): URL shape of TRS WCM, TRS upload names W0/P0YYYYMMDD…, "
                                             "TRS pager script createPageHTML")
    assert "class HarbinSpider(TrsSpider):" in (project / "portal_spider/spiders/harbin.py").read_text()


def test_new_portal_needs_a_family_or_a_page_to_recognise_it(project):
    result = run_cli("new-portal", "harbin", "--start-url", "https://english.harbin.gov.cn/news/index.html",
                     "--root", str(project))
    assert (result.returncode, result.stderr.strip()) == (
        2, "Error: name the family (--family, see docs/families.md) or show one: --article-url URL and/or --page FILE")


def test_a_saved_gbk_page_is_read_in_its_own_encoding_to_recognise_the_family(project, tmp_path):
    page = tmp_path / "saved.html"
    page.write_bytes('<html><head><meta charset="gbk"></head><body><h1>Jinan opens a new rail line</h1>'
                     '<p>Produced By 大汉网络 大汉版通发布系统</p></body></html>'.encode("gbk"))
    result = run_cli("new-portal", "heze", "--start-url", "http://english.heze.gov.cn/col/col1/index.html",
                     "--article-url", "http://english.heze.gov.cn/art/2024/7/1/art_1_2.html",
                     "--page", str(page), "--root", str(project))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "family F5 (Hanweb JCMS): URL shape of Hanweb JCMS, Hanweb generator line"
