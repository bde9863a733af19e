"""Syndication clusters on real SQLite files: copies with small edits merge, look-alikes do not."""

from __future__ import annotations

import pytest

from archive.clusters import cluster_members, shingles, similar, update_clusters
from archive.search import search
from archive.store import Archive

XINHUA = (
    "BEIJING, March 14 (Xinhua) -- Chinese Premier Li Qiang on Tuesday chaired the first executive meeting of the "
    "new State Council, which studied measures to implement the decisions of the annual sessions of the national "
    "legislature and the top political advisory body.\n\n"
    "The meeting stressed that the government must take the people's aspirations as its goal and keep economic "
    "operation stable. Efforts should be made to expand domestic demand, stabilise employment and prices, and "
    "prevent and defuse major risks in the financial sector.\n\n"
    "The meeting called for greater efforts to improve the business environment for private enterprises, treat "
    "enterprises under all forms of ownership equally, and protect property rights and the rights of "
    "entrepreneurs in accordance with the law.\n\n"
    "Participants also discussed the division of work among the leading members of the State Council and the "
    "work rules of the new government, which will be released to the public in the coming days."
)
# the same story on a second portal: reworded lead, an editor line added
XINHUA_B = XINHUA.replace(
    "BEIJING, March 14 (Xinhua) -- Chinese Premier Li Qiang on Tuesday chaired the first executive meeting of the "
    "new State Council,",
    "Premier Li Qiang presided over the new State Council's first executive meeting in Beijing on Tuesday, a "
    "session") + "\n\nEditor: Wang Xiaoyu"
# and on a third: another credit line and a trailing source note
XINHUA_C = XINHUA + "\n\n(Source: Xinhua; photo by Ding Haitao)"

NANMING_ECONOMY = (
    "Nanming district of Guiyang released its economic figures for 2023 on Friday. The district's gross domestic "
    "product reached 26.71 billion yuan, up 5.2 percent year-on-year, the highest growth rate among the city's "
    "central districts.\n\n"
    "Retail sales of consumer goods rose 7.8 percent, driven by the recovery of catering and the night economy "
    "around Qingyun Road and the Huaguoyuan business area. Fixed-asset investment grew 3.1 percent.\n\n"
    "Officials said the district will focus on modern services, cultural tourism and the upgrading of old "
    "neighbourhoods in 2024, and will help small businesses with rent reductions and faster approvals."
)
NANMING_INVESTMENT = (
    "Nanming signed 12 investment projects worth 8.6 billion yuan at a promotion conference in Guiyang on "
    "Thursday, covering commercial complexes, health care and digital services.\n\n"
    "With an economy that reached 26.71 billion yuan last year, the district is seeking investors for the "
    "renovation of the Zhonghua Road shopping street and a new logistics hub near Longdongbao.\n\n"
    "The head of the district's investment bureau said each project will have a dedicated service team, and "
    "that approvals for land and construction permits will be handled within 30 working days."
)
METRO_JINYANG = (
    "Guiyang Metro Line 3 started trial operations on Tuesday, bringing rail transit to Guanshanhu district for "
    "the first time. The line runs 43 kilometres from Luowan to Tongmuling and has 29 stations.\n\n"
    "In Jinyang, residents near Guanshanhu Park lined up at Jinyang South station before the first train left at "
    "6:30 am. Local shop owners said they expect more customers as office workers from the old city arrive by "
    "train.\n\n"
    "The district government has added shuttle buses between the stations and the Jinyang business district."
)
METRO_YUNYAN = (
    "Metro Line 3 opened to passengers on Tuesday, and Yunyan district is among the biggest winners, with six "
    "of the line's 29 stations. Trains run every eight minutes during peak hours along the 43-kilometre line.\n\n"
    "At Qianling Park station, families heading to the park said the trip from the north of the city now takes "
    "less than twenty minutes. The district has opened new bicycle parking at every station and plans to "
    "extend opening hours of the Qianling Park night market."
)


def item(n: int, portal: str, title: str, body: str, published: str, caption: str = "", credit: str = "") -> dict:
    url = f"https://{portal}.example.gov.cn/{published[:7]}/{published[8:10]}/c_{n}.htm"
    photos = [{"src": f"https://{portal}.example.gov.cn/{n}.jpg", "caption": caption, "credit": credit}] if caption else []
    return {"url": url, "canonical_url": url, "portal": portal, "title": title, "body": body, "published": published,
            "photos": photos, "section": ["Home", "News"]}


SYNDICATED = [
    item(1, "dongguan", "Premier Li chairs first State Council executive meeting", XINHUA, "2023-03-14",
         "Li Qiang at the meeting.", "Xinhua"),
    item(2, "chinadaily", "Li Qiang chairs first executive meeting of new State Council", XINHUA_B, "2023-03-15",
         "Li Qiang at the meeting.", "Xinhua/Ding Haitao"),
    item(3, "people", "Premier Li chairs first State Council executive meeting", XINHUA_C, "2023-03-15"),
]
LOOK_ALIKES = [
    item(4, "guiyang", "Nanming's economy grew 5.2% in 2023", NANMING_ECONOMY, "2024-02-23"),
    item(5, "guiyang", "Nanming signs 12 projects worth 8.6 billion yuan", NANMING_INVESTMENT, "2024-03-21"),
    item(6, "guiyang", "Metro Line 3 brings rail to Jinyang", METRO_JINYANG, "2023-12-26"),
    item(7, "guiyang", "Yunyan welcomes Metro Line 3", METRO_YUNYAN, "2023-12-26"),
]


@pytest.fixture
def archive(tmp_path):
    a = Archive(tmp_path / "c.db")
    yield a
    a.close()


def clusters(archive) -> list[tuple[int, int]]:
    return [tuple(r) for r in archive.db.execute("SELECT article_id, cluster_id FROM clusters ORDER BY article_id")]


def test_signatures_are_datasketchs_legacy_minhash():
    import numpy as np
    from datasketch import MinHash

    from archive.clusters import BANDS, ROWS, minhash

    for item in SYNDICATED + LOOK_ALIKES:
        words = shingles(item["title"], item["body"])
        reference = MinHash(num_perm=BANDS * ROWS, seed=1, scheme="legacy")
        reference.update_batch([w.encode("utf-8") for w in words])
        assert np.array_equal(minhash(words), reference.hashvalues.astype(np.uint64))


def test_copies_with_small_edits_are_similar_and_look_alikes_are_not():
    sets = {i["url"][-8:]: shingles(i["title"], i["body"]) for i in SYNDICATED + LOOK_ALIKES}
    values = list(sets.values())
    assert similar(values[0], values[1]) >= 0.5
    assert similar(values[0], values[2]) >= 0.8
    assert similar(values[3], values[4]) < 0.1
    assert similar(values[5], values[6]) < 0.1


def test_syndicated_story_is_one_cluster_led_by_the_earliest_copy(archive):
    # arrives out of order: the latest copy first
    assert archive.save([SYNDICATED[2], LOOK_ALIKES[0]]) == ["stored", "stored"]
    assert update_clusters(archive) == {"articles": 2, "joined": 0, "clusters": 0}
    assert archive.save([SYNDICATED[1], SYNDICATED[0], *LOOK_ALIKES[1:]]) == ["stored"] * 5
    assert update_clusters(archive) == {"articles": 5, "joined": 2, "clusters": 1}
    # ids: 1 people (03-15), 2 Nanming, 3 chinadaily (03-15), 4 dongguan (03-14, the original)
    assert clusters(archive) == [(1, 4), (3, 4), (4, 4)]
    members = cluster_members(archive, 1)
    assert [(m["id"], m["appearances"][0]["portal"]) for m in members] == [(4, "dongguan"), (1, "people"),
                                                                            (3, "chinadaily")]
    # nothing new: nothing to do
    assert update_clusters(archive) == {"articles": 0, "joined": 0, "clusters": 1}


def test_look_alike_pairs_stay_apart(archive):
    archive.save(LOOK_ALIKES)
    assert update_clusters(archive)["joined"] == 0
    assert clusters(archive) == []


def test_search_shows_one_hit_per_cluster_with_the_other_portals(archive):
    archive.save(SYNDICATED + LOOK_ALIKES)
    update_clusters(archive)
    result = search(archive, "State Council executive meeting")
    assert result.total == 3
    assert [(h["id"], h["cluster_id"], h["portals"], h["also_published_by"]) for h in result.hits] == [
        (1, 1, 3, ["chinadaily", "people"])]
    every = search(archive, "State Council executive meeting", all_copies=True)
    assert sorted((h["id"], h["portals"]) for h in every.hits) == [(1, 1), (2, 1), (3, 1)]
    assert [h["id"] for h in search(archive, '"26.71 billion yuan"', sort="date").hits] == [5, 4]
