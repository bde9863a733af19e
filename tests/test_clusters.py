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
    assert update_clusters(archive) == {"articles": 2, "revised": 0, "joined": 0, "clusters": 0}
    assert archive.save([SYNDICATED[1], SYNDICATED[0], *LOOK_ALIKES[1:]]) == ["stored"] * 5
    assert update_clusters(archive) == {"articles": 5, "revised": 0, "joined": 2, "clusters": 1}
    # ids: 1 people (03-15), 2 Nanming, 3 chinadaily (03-15), 4 dongguan (03-14, the original)
    assert clusters(archive) == [(1, 4), (3, 4), (4, 4)]
    members = cluster_members(archive, 1)
    assert [(m["id"], m["appearances"][0]["portal"]) for m in members] == [(4, "dongguan"), (1, "people"),
                                                                            (3, "chinadaily")]
    # nothing new: nothing to do
    assert update_clusters(archive) == {"articles": 0, "revised": 0, "joined": 0, "clusters": 1}


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


# --- revisions: an article whose text changed is clustered again ---------------------------------------------


def revised(original: dict, body: str) -> dict:
    """The same URL and headline, now with another text (``Archive.save`` outcome "revised"; a new
    headline over a text with nothing in common would be a "conflict", see ``archive.verdict``)."""
    return {**original, "body": body, "photos": []}


def bands(archive) -> list[tuple[int, int, int]]:
    return [tuple(r) for r in archive.db.execute("SELECT article_id, band, key FROM cluster_bands ORDER BY 1, 2, 3")]


def keys_of(title: str, body: str, article_id: int) -> list[tuple[int, int, int]]:
    from archive.clusters import band_keys

    return [(article_id, band, key) for band, key in enumerate(band_keys(shingles(title, body)))]


def test_an_article_revised_into_a_copy_joins_that_cluster(archive):
    archive.save([SYNDICATED[0], SYNDICATED[1], LOOK_ALIKES[0]])
    assert update_clusters(archive) == {"articles": 3, "revised": 0, "joined": 1, "clusters": 1}
    assert clusters(archive) == [(1, 1), (2, 1)]
    # article 3 (guiyang's Nanming story) is now the people's copy of the Xinhua story
    assert archive.save([revised(LOOK_ALIKES[0], XINHUA_C)]) == ["revised"]
    assert update_clusters(archive) == {"articles": 0, "revised": 1, "joined": 1, "clusters": 1}
    assert clusters(archive) == [(1, 1), (2, 1), (3, 1)]
    # its old band keys are gone, its new ones are in
    assert [b for b in bands(archive) if b[0] == 3] == sorted(set(keys_of(LOOK_ALIKES[0]["title"], XINHUA_C, 3)))
    assert [h["id"] for h in search(archive, "State Council executive meeting").hits] == [1]
    assert search(archive, "State Council executive meeting").hits[0]["also_published_by"] == ["chinadaily", "guiyang"]


def test_a_copy_revised_into_another_story_leaves_its_cluster(archive):
    archive.save(SYNDICATED)  # ids 1 dongguan (03-14, the original), 2 chinadaily, 3 people
    assert update_clusters(archive) == {"articles": 3, "revised": 0, "joined": 2, "clusters": 1}
    assert clusters(archive) == [(1, 1), (2, 1), (3, 1)]
    assert archive.save([revised(SYNDICATED[2], METRO_YUNYAN)]) == ["revised"]
    assert update_clusters(archive) == {"articles": 0, "revised": 1, "joined": 0, "clusters": 1}
    assert clusters(archive) == [(1, 1), (2, 1)]
    assert [b for b in bands(archive) if b[0] == 3] == sorted(keys_of(SYNDICATED[2]["title"], METRO_YUNYAN, 3))
    # the original leaves too: the chinadaily copy is left alone, a cluster of one is no cluster
    assert archive.save([revised(SYNDICATED[0], NANMING_ECONOMY)]) == [
        "revised"]
    assert update_clusters(archive) == {"articles": 0, "revised": 1, "joined": 0, "clusters": 0}
    assert clusters(archive) == []
    assert [h["id"] for h in search(archive, "body:State body:Council body:executive body:meeting").hits] == [2]


def test_when_the_original_leaves_the_earliest_copy_left_leads(archive):
    archive.save(SYNDICATED)
    update_clusters(archive)
    archive.save([revised(SYNDICATED[0], METRO_YUNYAN)])
    assert update_clusters(archive) == {"articles": 0, "revised": 1, "joined": 0, "clusters": 1}
    # chinadaily (2) and people (3) were both published 03-15 and captured together: the lower id leads
    assert clusters(archive) == [(2, 2), (3, 2)]
    assert [m["id"] for m in cluster_members(archive, 3)] == [2, 3]


def test_the_others_split_when_the_copy_that_linked_them_leaves(archive):
    # a digest (2) contains two stories; each was published alone too (1 and 3), and they are not alike
    digest = [item(1, "guiyang", "Guiyang news", f"{NANMING_ECONOMY}\n\n{METRO_JINYANG}", "2024-01-02"),
              item(2, "nanming", "Guiyang news", METRO_JINYANG, "2024-01-03"),
              item(3, "yunyan", "Guiyang news", f"{METRO_JINYANG}\n\n{METRO_YUNYAN}", "2024-01-04")]
    archive.save(digest)
    assert update_clusters(archive) == {"articles": 3, "revised": 0, "joined": 2, "clusters": 1}
    assert clusters(archive) == [(1, 1), (2, 1), (3, 1)]
    archive.save([revised(digest[1], XINHUA)])
    assert update_clusters(archive) == {"articles": 0, "revised": 1, "joined": 0, "clusters": 0}
    assert clusters(archive) == []


def test_a_second_run_and_an_unchanged_recrawl_change_nothing(archive):
    archive.save(SYNDICATED + LOOK_ALIKES)
    update_clusters(archive)
    archive.save([revised(LOOK_ALIKES[0], XINHUA_B)])
    assert update_clusters(archive) == {"articles": 0, "revised": 1, "joined": 1, "clusters": 1}
    state = (clusters(archive), bands(archive), archive.db.execute("SELECT * FROM cluster_state ORDER BY 1").fetchall())
    assert state[0] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert state[2] == [("last_article_id", 7), ("last_revision_id", 1)]
    assert update_clusters(archive) == {"articles": 0, "revised": 0, "joined": 0, "clusters": 1}
    assert (clusters(archive), bands(archive), archive.db.execute("SELECT * FROM cluster_state ORDER BY 1").fetchall()) \
        == state
    # the same pages again, text unchanged: no revision, nothing clustered again
    again = [revised(LOOK_ALIKES[0], XINHUA_B), *SYNDICATED, *LOOK_ALIKES[1:]]
    assert archive.save(again) == ["unchanged"] * 7
    assert update_clusters(archive) == {"articles": 0, "revised": 0, "joined": 0, "clusters": 1}
    assert (clusters(archive), bands(archive), archive.db.execute("SELECT * FROM cluster_state ORDER BY 1").fetchall()) \
        == state


def test_an_article_stored_and_revised_between_two_runs_is_clustered_once_with_its_new_text(archive):
    archive.save([SYNDICATED[0]])
    assert update_clusters(archive) == {"articles": 1, "revised": 0, "joined": 0, "clusters": 0}
    archive.save([LOOK_ALIKES[0]])
    archive.save([revised(LOOK_ALIKES[0], XINHUA_B)])
    assert update_clusters(archive) == {"articles": 1, "revised": 0, "joined": 1, "clusters": 1}
    assert clusters(archive) == [(1, 1), (2, 1)]
    assert [b for b in bands(archive) if b[0] == 2] == sorted(keys_of(LOOK_ALIKES[0]["title"], XINHUA_B, 2))


def test_an_article_re_extracted_by_reparse_is_clustered_again(archive):
    """``reparse`` rewrites an article without a revision (the portal's text did not change, our
    reading of it did); clustering must still see the new text."""
    archive.save(SYNDICATED)
    assert update_clusters(archive) == {"articles": 3, "revised": 0, "joined": 2, "clusters": 1}
    item = {**SYNDICATED[2], "title": "Yunyan welcomes Metro Line 3", "body": METRO_YUNYAN, "photos": []}
    assert archive.replace_extraction(3, item) == "changed"
    assert archive.db.execute("SELECT count(*) FROM revisions").fetchone()[0] == 0
    assert update_clusters(archive) == {"articles": 0, "revised": 1, "joined": 0, "clusters": 1}
    assert clusters(archive) == [(1, 1), (2, 1)]
    assert [b for b in bands(archive) if b[0] == 3] == sorted(keys_of("Yunyan welcomes Metro Line 3", METRO_YUNYAN, 3))
    assert archive.db.execute("SELECT count(*) FROM cluster_redo").fetchone()[0] == 0
    assert update_clusters(archive) == {"articles": 0, "revised": 0, "joined": 0, "clusters": 1}
    # a re-extraction that changes only other fields leaves clustering alone
    assert archive.replace_extraction(2, {**SYNDICATED[1], "source": "China Daily (revised byline)"}) == "changed"
    assert archive.db.execute("SELECT count(*) FROM cluster_redo").fetchone()[0] == 0
