"""The character tokenizer: one token per input character, whitespace included (docs/model-contract.md)."""

import json

import pytest
from transformers import AutoTokenizer

from training.tokenizer import (
    CLS,
    MASK,
    PAD,
    SEP,
    UNK,
    build_char_tokenizer,
    fix_saved_tokenizer,
    tiny_char_set,
)

TEXTS = [
    "",
    "一、总体情况",
    "2023年，本机关共受理政府信息公开申请336件，同比增长4.5%。",
    "  两个空格\t制表符\n换行\r\n回车换行\u3000全角空格\xa0不换行空格",
    "行政复议 12 件\t\t行政诉讼\n\n\n3件",
    "未知字符😀👍🏽、𠀀、é（组合）、ﾊ、\u200b零宽",
    "字面的特殊记号 [CLS] [SEP] [PAD] [UNK] [MASK] <s> </s> <unk>",
    "末尾空白 \n\t ",
    " ",
    "\n",
]


@pytest.fixture(scope="module")
def tok():
    return build_char_tokenizer(tiny_char_set())


def _check(tok, s):
    enc = tok(s, add_special_tokens=True, return_offsets_mapping=True)
    ids, offsets = enc["input_ids"], enc["offset_mapping"]
    assert len(ids) == len(s) + 2, (s, tok.convert_ids_to_tokens(ids))
    assert ids[0] == tok.cls_token_id and ids[-1] == tok.sep_token_id
    assert offsets[1:-1] == [(i, i + 1) for i in range(len(s))]
    return tok.convert_ids_to_tokens(ids)[1:-1]


@pytest.mark.parametrize("text", TEXTS)
def test_one_token_per_character(tok, text):
    _check(tok, text)


def test_whitespace_kinds_have_own_tokens(tok):
    toks = _check(tok, "a b\tc\nd")
    assert toks == ["a", "▁", "b", "⇥", "c", "↵", "d"]
    assert tok.unk_token not in toks


def test_unknown_and_literal_specials(tok):
    toks = _check(tok, "增😀[CLS]")
    assert toks == ["增", UNK, "[", "C", "L", "S", "]"]


def test_vocab_layout(tok):
    vocab = tok.get_vocab()
    assert [vocab[t] for t in (PAD, UNK, CLS, SEP, MASK)] == [0, 1, 2, 3, 4]
    assert tok.pad_token_id == 0 and tok.mask_token_id == 4
    chars = tiny_char_set()
    assert len(set(chars)) == len(chars)
    assert len(tok) == 5 + len(chars) + 3
    # deduplicated, order kept
    small = build_char_tokenizer(["甲", "乙", "甲", "1"])
    assert small.get_vocab() == {
        PAD: 0,
        UNK: 1,
        CLS: 2,
        SEP: 3,
        MASK: 4,
        "甲": 5,
        "乙": 6,
        "1": 7,
        "▁": 8,
        "↵": 9,
        "⇥": 10,
    }


def test_tiny_char_set_covers_service_data():
    chars = set(tiny_char_set())
    for c in "0123456789.%,;:()-年月日件条万元政府信息公开申请答复行政复议诉讼，。、；：（）《》":
        assert c in chars, c
    assert 3500 < len(chars) < 6000
    assert len(tiny_char_set(include_all_cjk=True)) > 20992


def test_batch_padding(tok):
    batch = tok(["共受理", "申请336条"], padding=True)
    assert batch["input_ids"][0][-1] == tok.pad_token_id
    assert len(batch["input_ids"][0]) == len(batch["input_ids"][1]) == len("申请336条") + 2


def test_save_and_reload(tok, tmp_path):
    tok.save_pretrained(tmp_path)
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        assert (tmp_path / name).is_file()
    cfg = json.loads((tmp_path / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert cfg["tokenizer_class"] == "PreTrainedTokenizerFast"
    re = AutoTokenizer.from_pretrained(tmp_path)
    assert re.get_vocab() == tok.get_vocab()
    for text in TEXTS:
        assert _check(re, text) == _check(tok, text)
        assert re(text)["input_ids"] == tok(text)["input_ids"]


def test_resave_of_reloaded_tokenizer(tok, tmp_path):
    tok.save_pretrained(tmp_path / "a")
    re = AutoTokenizer.from_pretrained(tmp_path / "a")
    re.save_pretrained(tmp_path / "b")
    fix_saved_tokenizer(tmp_path / "b")
    cfg = json.loads((tmp_path / "b" / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert cfg["tokenizer_class"] == "PreTrainedTokenizerFast"
    assert (tmp_path / "b" / "special_tokens_map.json").is_file()
    again = AutoTokenizer.from_pretrained(tmp_path / "b")
    for text in TEXTS:
        assert _check(again, text) == _check(tok, text)
