"""A character-level tokenizer: every character of the input (whitespace included) is one token.

The tagger contract (``docs/model-contract.md``) needs exactly one token per input character, so that
``return_offsets_mapping=True`` gives ``(i, i + 1)`` for character ``i`` and predictions map straight
back onto characters. ``build_char_tokenizer`` makes a ``tokenizers`` WordLevel model with

* vocabulary ``[PAD] [UNK] [CLS] [SEP] [MASK]`` + the given characters (deduplicated, order kept) +
  one token per whitespace kind: ``▁`` (space), ``↵`` (line break), ``⇥`` (tab);
* a normaliser that maps whitespace onto those visible stand-ins, one character for one character, so
  alignments/offsets are unchanged (no NFKC: that could change the length, e.g. ``㎡`` → ``m2``; the
  service normalises text before tagging anyway);
* a pre-tokenizer that isolates every code point (``[\\s\\S]``, so nothing is ever dropped);
* unknown characters → ``[UNK]``; ``[CLS] $A [SEP]`` template post-processor.

The tokenizer is saved with ``split_special_tokens: true``, so a literal ``[CLS]`` in the text is five
ordinary characters rather than one special token (the special tokens are only put in by the
post-processor and by padding).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, processors
from transformers import PreTrainedTokenizerFast

PAD, UNK, CLS, SEP, MASK = "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"
SPECIAL_TOKENS = [PAD, UNK, CLS, SEP, MASK]

SPACE_TOKEN = "\u2581"  # ▁ (also SentencePiece's word-boundary mark)
NEWLINE_TOKEN = "\u21b5"  # ↵
TAB_TOKEN = "\u21e5"  # ⇥
WHITESPACE_TOKENS = [SPACE_TOKEN, NEWLINE_TOKEN, TAB_TOKEN]

#: line-break-like characters → ↵
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
#: horizontal spaces (Unicode Zs: ' ', NBSP, ideographic space, en/em spaces, ...) → ▁
_SPACES = " \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"

MODEL_MAX_LENGTH = 512

#: common CJK (and full-width) punctuation and symbols that survive normalisation to half-width
CJK_PUNCTUATION = list(
    "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』〖〗…—–·－～·￥％"
    "○〇●◆◇■□▲△★☆※→←↑↓√×÷±≤≥≠≈∶℃‰°′″①②③④⑤⑥⑦⑧⑨⑩"
    "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
)

CJK_UNIFIED_START, CJK_UNIFIED_END = 0x4E00, 0x9FFF


class CharTokenizerFast(PreTrainedTokenizerFast):
    """``PreTrainedTokenizerFast`` whose saved directory declares ``tokenizer_class:
    PreTrainedTokenizerFast`` (transformers 5.x would write ``TokenizersBackend``, or for a declared
    ``BertTokenizer``/``XLMRobertaTokenizer`` rebuild the backend and drop the normaliser) and also
    holds a ``special_tokens_map.json``. Reloads with ``AutoTokenizer.from_pretrained`` as a plain
    fast tokenizer with the same behaviour."""

    def save_pretrained(self, save_directory, *args, **kwargs):
        files = super().save_pretrained(save_directory, *args, **kwargs)
        extra = fix_saved_tokenizer(save_directory)
        return tuple(files) + tuple(f for f in extra if f not in map(str, files))


def fix_saved_tokenizer(save_directory) -> list[str]:
    """Make a saved char tokenizer directory follow the contract: ``tokenizer_class:
    PreTrainedTokenizerFast``, ``split_special_tokens: true`` and a ``special_tokens_map.json``.

    ``CharTokenizerFast.save_pretrained`` does this itself; call it after saving a tokenizer that was
    *reloaded* with ``AutoTokenizer.from_pretrained`` (transformers 5.x gives a ``TokenizersBackend``,
    whose ``save_pretrained`` writes ``tokenizer_class: TokenizersBackend`` and no special-tokens map).
    Returns the paths written."""
    d = Path(save_directory)
    cfg_path = d / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    cfg["tokenizer_class"] = "PreTrainedTokenizerFast"
    cfg["split_special_tokens"] = True
    cfg_path.write_text(json.dumps(cfg, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    stm = d / "special_tokens_map.json"
    special = {"unk_token": UNK, "pad_token": PAD, "cls_token": CLS, "sep_token": SEP, "mask_token": MASK}
    stm.write_text(json.dumps(special, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return [str(cfg_path), str(stm)]


def _whitespace_normalizer() -> normalizers.Normalizer:
    return normalizers.Sequence(
        [
            normalizers.Replace(Regex("[" + _SPACES + "]"), SPACE_TOKEN),
            normalizers.Replace(Regex("[" + _LINE_BREAKS + "]"), NEWLINE_TOKEN),
            normalizers.Replace("\t", TAB_TOKEN),
        ]
    )


def build_char_tokenizer(chars: Iterable[str]) -> PreTrainedTokenizerFast:
    """Return a one-token-per-character ``PreTrainedTokenizerFast`` over ``chars``.

    ``chars`` are single characters; duplicates, whitespace (it has its own tokens) and the
    special-token strings are skipped, order is kept. Token ids: specials 0-4, then ``chars``,
    then ``▁ ↵ ⇥``.
    """
    vocab: dict[str, int] = {}
    for tok in SPECIAL_TOKENS:
        vocab[tok] = len(vocab)
    for c in chars:
        if len(c) != 1:
            raise ValueError(f"not a single character: {c!r}")
        if c.isspace() or c in vocab or c in WHITESPACE_TOKENS:
            continue
        vocab[c] = len(vocab)
    for tok in WHITESPACE_TOKENS:
        vocab[tok] = len(vocab)

    tk = Tokenizer(models.WordLevel(vocab=vocab, unk_token=UNK))
    tk.normalizer = _whitespace_normalizer()
    tk.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    tk.post_processor = processors.TemplateProcessing(
        single=f"{CLS} $A {SEP}",
        pair=f"{CLS} $A {SEP} $B:1 {SEP}:1",
        special_tokens=[(CLS, vocab[CLS]), (SEP, vocab[SEP])],
    )
    tokenizer = CharTokenizerFast(
        tokenizer_object=tk,
        split_special_tokens=True,
        unk_token=UNK,
        pad_token=PAD,
        cls_token=CLS,
        sep_token=SEP,
        mask_token=MASK,
        model_max_length=MODEL_MAX_LENGTH,
        clean_up_tokenization_spaces=False,
    )
    return tokenizer


def tiny_char_set(include_all_cjk: bool = False) -> list[str]:
    """A small character set for tests and tiny models.

    Digits, ASCII letters and punctuation, common CJK punctuation, every CJK character in
    ``service/data/*.yaml`` and the 3,755 most common Chinese characters (GB2312 level 1); about
    3,950 characters in all. With ``include_all_cjk=True`` all of U+4E00–U+9FFF is added too
    (20,992 characters).
    """
    out: list[str] = []
    seen: set[str] = set()

    def add(c: str) -> None:
        if c not in seen and not c.isspace():
            seen.add(c)
            out.append(c)

    for c in "0123456789":
        add(c)
    for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        add(c)
    for cp in range(0x21, 0x7F):
        add(chr(cp))
    for c in CJK_PUNCTUATION:
        add(c)
    for c in _service_data_cjk():
        add(c)
    for c in _gb2312_level1():
        add(c)
    if include_all_cjk:
        for cp in range(CJK_UNIFIED_START, CJK_UNIFIED_END + 1):
            add(chr(cp))
    return out


def _is_cjk(c: str) -> bool:
    return CJK_UNIFIED_START <= ord(c) <= CJK_UNIFIED_END or c in CJK_PUNCTUATION


def _service_data_cjk() -> list[str]:
    data_dir = Path(__file__).resolve().parent.parent / "service" / "data"
    chars: dict[str, None] = {}
    for path in sorted(data_dir.glob("*.yaml")):
        for c in path.read_text(encoding="utf-8"):
            if _is_cjk(c):
                chars[c] = None
    return list(chars)


def _gb2312_level1() -> list[str]:
    """GB2312 level-1 hanzi (3,755 most common characters, rows 16-55), in code order."""
    out = []
    for row in range(0xB0, 0xD8):
        for col in range(0xA1, 0xFF):
            try:
                c = bytes([row, col]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            out.append(c)
    return out
