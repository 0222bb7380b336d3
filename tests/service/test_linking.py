"""The link head (service/linking.py): its file, its features, the model tagger's one pass, and how the
prose rules use its decisions (service/mapping.py)."""

import os
import shutil
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import pytest

from service.catalog import get_catalog
from service.linking import LINK_FILE, NONE, Link, LinkHead, link_features
from service.mapping import prose_counts, read_prose
from service.normalize import normalize
from service.numbers import find_quantities
from service.pipeline import Extractor
from service.schema import ExtractOptions
from service.settings import Settings
from service.tagger_model import ModelDirError, ModelTagger
from service.tagging import LexiconTagger
from tests.fakes import constant_link_head
from training.model_io import build_tiny_model

TEXT = "某区2023年政府信息公开工作年度报告\n一、总体情况\n本年度主动公开政府信息336条，接待群众来访33人次。\n"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def test_head_file_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    labels = [NONE, "active.total", "request.received"]
    head = LinkHead(
        labels, [(rng.normal(size=(6, 4)), rng.normal(size=4)), (rng.normal(size=(4, 3)), rng.normal(size=3))]
    )
    head.save(tmp_path / LINK_FILE)
    loaded = LinkHead.load(tmp_path)
    assert loaded is not None and loaded.labels == labels and loaded.input_size == 6
    x = rng.normal(size=(5, 6)).astype(np.float32)
    assert np.allclose(loaded.probs(x), head.probs(x), atol=1e-6)
    assert np.allclose(head.probs(x).sum(-1), 1.0, atol=1e-5)
    assert LinkHead.load(tmp_path / "elsewhere") is None  # no head: older model directories


def test_head_checks_its_labels() -> None:
    with pytest.raises(ValueError, match="first label"):
        LinkHead(["active.total", NONE], [(np.zeros((2, 2)), np.zeros(2))])
    with pytest.raises(ValueError, match="outputs"):
        LinkHead([NONE, "active.total"], [(np.zeros((2, 3)), np.zeros(3))])


def test_features_are_the_number_and_its_context_within_the_window() -> None:
    hidden = np.arange(10, dtype=np.float32)[:, None].repeat(2, 1)  # row r has state (r, r)
    rows = np.array([1, 2, 3, 4, 5, 6, 7, 8, -1, -1, -1])  # characters 0..7 are tokens 1..8
    f = link_features(hidden, rows, 3, 5)
    assert f.shape == (6,)
    assert f[:2].tolist() == [4, 4]  # the first digit's state
    assert f[2:4].tolist() == [2, 2]  # mean of characters 0..2 (tokens 1..3): the window's start cuts it
    assert f[4:].tolist() == [7, 7]  # mean of characters 5..7 (tokens 6..8): characters past the text count no more
    assert link_features(hidden, rows, 0, 1)[2:4].tolist() == [0, 0]  # nothing before: zeros


def test_model_links_every_count_in_the_tagging_pass(model_dir: Path, tmp_path: Path) -> None:
    d = tmp_path / "m"
    shutil.copytree(model_dir, d)
    tagger = ModelTagger.load(d)
    assert tagger.has_hidden and tagger.link_head is None
    size = 3 * 32  # the tiny model's hidden size
    constant_link_head([NONE, "active.total"], size, "active.total").save(d / LINK_FILE)
    tagger = ModelTagger.load(d)
    norm = normalize(TEXT)
    counts = prose_counts(find_quantities(norm.text), norm.body_start)
    assert [q.raw for q in counts] == ["336条", "33人次"]
    spans, links = tagger.tag_and_link(norm.text, counts)
    assert spans == tagger.tag(norm.text)  # linking changes nothing of the tagging
    assert [(lk.id, lk.p > 0.99) for lk in links] == [("active.total", True)] * 2
    # through the pipeline: the sure link states active.total; 33人次 counts people, not 条 of information
    result = Extractor(Settings(), model=tagger).extract(TEXT, ExtractOptions(tagger="model"))
    prose = [(i.id, i.value, i.raw) for i in result.indicators if i.source == "text"]
    assert ("active.total", 336, "336") in prose
    assert not any(v == 33 for _, v, _ in prose)


def test_a_head_that_does_not_fit_the_network_is_refused(model_dir: Path, tmp_path: Path) -> None:
    d = tmp_path / "m"
    shutil.copytree(model_dir, d)
    constant_link_head([NONE, "active.total"], 12, "active.total").save(d / LINK_FILE)
    with pytest.raises(ModelDirError, match="reads 12 features"):
        ModelTagger.load(d)
    (d / LINK_FILE).write_bytes(b"not an npz")
    with pytest.raises(ModelDirError, match="cannot be read"):
        ModelTagger.load(d)


def test_rules_fill_in_where_the_head_is_unsure() -> None:
    text = "本年度主动公开政府信息336条，受理政府信息公开申请12件，接待群众来访33人次。"
    catalog = get_catalog()
    starts = {q.raw: q.start for q in prose_counts(find_quantities(text), 0)}
    sure = {starts["336条"]: Link("active.website", 0.95), starts["33人次"]: Link("active.total", 0.99)}
    values, _ = read_prose(text, [], catalog, [], 0, sure)
    # no tagger spans at all: only the head's sure link states a value; a count of people is no 条
    assert [(v.id, v.value) for v in values] == [("active.website", 336)]
    unsure = {starts["336条"]: Link("active.website", 0.6)}
    values, _ = read_prose(text, [], catalog, [], 0, unsure)
    assert values == []
    assert read_prose(text, [], catalog, [], 0, {starts["12件"]: Link(None, 0.99)})[0] == []


def test_an_alias_next_to_its_number_decides_before_the_head() -> None:
    """On reports nobody tuned to, the head linked "主动公开政府信息件数为123件" to request.received (件) and a
    新闻通气会's 14场 to the 新闻发布会 the sentence had just counted; the aliases name both rightly."""
    catalog = get_catalog()
    text = "本年度主动公开政府信息件数为123件。全年共举行新闻发布会54场、新闻通气会14场。我局收到政府信息依申请公开办理事项3件。"
    starts = {q.raw: q.start for q in prose_counts(find_quantities(text), 0)}
    links = {
        starts["123件"]: Link("request.received", 0.9),
        starts["14场"]: Link("response.press_conferences", 0.9),
        starts["3件"]: Link("request.received", 0.9),
    }
    values, _ = read_prose(text, LexiconTagger(catalog).tag(text), catalog, [], 0, links)
    assert [(v.id, v.value, v.others) for v in values] == [
        ("active.total", 123, ()),
        ("response.press_conferences", 54, ()),
        ("request.received", 3, ()),  # what the aliases leave, the head decides
    ]
    # a number after two nouns joined by 及 counts both: no link states it
    text = "网站发布教育通知类39条，政策文件及解读10条。"
    start = text.index("10条")
    assert read_prose(text, [], catalog, [], 0, {start: Link("response.interpretations", 0.9)})[0] == []


def test_a_count_dated_before_the_years_end_is_not_linked_as_the_years() -> None:
    """The head, which knows no period, linked one weibo account's posts "截至12月14日" to active.weibo."""
    catalog = get_catalog()
    for text, stated in (
        ("截至12月14日，某区政务微博共发布信息532条，粉丝8000余名。", False),
        ("截至2012年11月底，某区政务微博共发布信息532条。", False),
        ("截至12月31日，某区政务微博共发布信息532条。", True),
        ("全年某区政务微博共发布信息532条。", True),
    ):
        start = text.index("532")
        values, _ = read_prose(text, [], catalog, [], 0, {start: Link("active.weibo", 0.9)})
        assert [(v.id, v.value) for v in values] == ([("active.weibo", 532)] if stated else []), text


def test_two_sure_links_to_one_indicator_with_different_values_flag_the_first() -> None:
    text = "本年度主动公开政府信息336条。全年共发布信息340条。"
    starts = [q.start for q in prose_counts(find_quantities(text), 0)]
    links = {s: Link("active.total", 0.9) for s in starts}
    values, _ = read_prose(text, [], get_catalog(), [], 0, links)
    assert [(v.id, v.value, v.others, v.confidence) for v in values] == [("active.total", 336, (340,), 0.5)]


def test_a_link_the_tables_contradict_states_nothing() -> None:
    """In a PDF tool's text the prose total was spread apart (`信息2    122条`) and the head linked one
    project's count ("全年共发布信息166条") to active.total, which the report's table gives as 2122."""
    catalog = get_catalog()
    text = "重点公开重大建设项目的审批、核准等内容，全年共发布信息166条。"
    start = text.index("166")
    links = {start: Link("active.total", 0.9)}
    for tabled, stated in (({"active.total": {2122}}, []), ({"active.total": {166}}, [166]), ({}, [166])):
        values, _ = read_prose(text, [], catalog, [], 0, links, None, tabled)
        assert [v.value for v in values] == stated, tabled
    # an alias the tables contradict is stated (and flagged by the text_vs_table check)
    text = "本年度主动公开政府信息166条。"
    values, _ = read_prose(text, LexiconTagger(catalog).tag(text), catalog, [], 0, {}, None, {"active.total": {2122}})
    assert [(v.id, v.value) for v in values] == [("active.total", 166)]


def test_the_shipped_model_links() -> None:
    from tests.paths import DEFAULT_MODEL

    tagger = ModelTagger.load(DEFAULT_MODEL)
    assert tagger.has_hidden and tagger.link_head is not None
    assert tagger.link_head.labels[0] == NONE and "active.total" in tagger.link_head.labels
    text = "本年度主动公开政府信息336条。"
    counts = prose_counts(find_quantities(text), 0)
    _, links = tagger.tag_and_link(text, counts)
    assert len(links) == 1 and 0.0 <= links[0].p <= 1.0
