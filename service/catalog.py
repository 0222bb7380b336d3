"""The indicator catalog: ids, labels, aliases, units, templates, table coordinates and the forms'
accounting rules.

The catalog is data (``service/data/tables.yaml`` for the 2019/2021 forms and the rules,
``general.yaml`` for the pre-2019 统计表 and prose indicators); this module only loads it once and
indexes it. Adding an alias is a one-line change in the YAML.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from service.normalize import normalize_label

#: words a sentence puts inside a prose phrase without changing what it counts ("门户网站共发布信息",
#: "网站发布各类信息", "门户网站共向社会公开信息" say 门户网站发布信息, 门户网站公开信息): before the verb or
#: the object of the phrase, one after another
PROSE_FILLERS = ("共计", "共", "各类", "向社会")
_FILLED_BEFORE = ("发布", "公开", "受理", "收到", "政府信息", "政务信息", "信息", "向社会")
_FILLER = re.compile(
    "(?<![公总一])(?:" + "|".join(PROSE_FILLERS) + ")(?=" + "|".join(_FILLED_BEFORE) + ")"
)  # 公共信息 keeps its 共


def without_fillers(phrase: str) -> str:
    return _FILLER.sub("", phrase)


def filler_pattern(phrase: str) -> str:
    """A regex of ``phrase`` that also matches it with fillers inside (see ``PROSE_FILLERS``)."""
    optional = "(?:" + "|".join(PROSE_FILLERS) + "){0,2}"
    cuts = sorted({m.start() for w in _FILLED_BEFORE for m in re.finditer(w, phrase) if m.start() > 0})
    parts = [phrase[a:b] for a, b in zip([0, *cuts], [*cuts, len(phrase)])]
    return optional.join(re.escape(p) for p in parts)


@dataclass(frozen=True)
class IndicatorDef:
    id: str
    label: str
    unit: str
    templates: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    table: str | None = None  # t2 / t3 / t4, or None for general indicators
    row: str | None = None
    column: str | None = None


@dataclass(frozen=True)
class RowDef:
    """A row of a table form (or a block of 表四, or a general 统计表 indicator)."""

    key: str
    label: str
    aliases: tuple[str, ...]  # normalised (simplified, no whitespace)
    marker: str | None = None
    item: str | None = None  # 表二: the item of 第二十条 whose sub-table holds the row ("八")
    templates: tuple[str, ...] = ("2019", "2021")
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # template -> column keys


@dataclass(frozen=True)
class TableDef:
    key: str
    title: str
    title_aliases: tuple[str, ...]
    rows: tuple[RowDef, ...]
    columns: dict[str, dict[str, Any]]
    unit: str | None = None
    header_groups: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> first, last column (block)
    row_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # merged label cell, normalised -> sub-rows

    def row(self, key: str) -> RowDef:
        return next(r for r in self.rows if r.key == key)


def _header_groups(spec: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {name: (first, last) for name, (first, last) in spec.get("header_groups", {}).items()}


#: what a unit counts; a number counting one kind of thing is no value of an indicator counting another
_UNIT_KINDS = {
    **dict.fromkeys(("人", "人次", "名"), "people"),
    **dict.fromkeys(("元", "万元"), "money"),
    **dict.fromkeys(("%", "％", "‰"), "share"),
    **dict.fromkeys(("次", "场", "期"), "events"),
    **dict.fromkeys(("条", "篇", "份"), "items"),
    **dict.fromkeys(("种", "类"), "kinds"),  # "…在线访谈解读等6种形式": how many kinds, never a count of them
}
#: counts of things that may stand for one another (件 of requests printed as 条); events are not items
#: unless the catalog says the indicator is printed so (unit_variants): "新闻发布会83条" counts news
_COUNTS = {frozenset(("things", "events")), frozenset(("things", "items"))}


def _kind_of_unit(unit: str | None) -> str | None:
    return None if unit is None else _UNIT_KINDS.get(unit, "things")


@dataclass(frozen=True)
class GeneralDef:
    id: str
    label: str
    unit: str
    group: str
    table_aliases: tuple[str, ...]
    prose: tuple[str, ...]
    prose_exclude: tuple[str, ...]
    prose_after: tuple[str, ...]  # its sentence, up to the phrase's end, states one of these
    absence: tuple[tuple[str, ...], ...]
    absence_exclude: tuple[str, ...]
    same_as: tuple[tuple[str, ...], ...]  # the 2019/2021 forms' cells stating the same fact, each set summed
    prose_under: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (parent id, elliptic phrases)
    prose_counted: tuple[tuple[str, str], ...] = ()  # (verb, noun) around the number: 收到70件申请
    unit_variants: tuple[str, ...] = ()  # other units it is printed in (新闻发布会42场, 回应热点7条)

    def fits_unit(self, unit: str | None) -> bool:
        """Whether a number printed with ``unit`` (None: no unit) may be this indicator's value."""
        a, b = _kind_of_unit(unit), _kind_of_unit(self.unit)
        return a is None or a == b or unit in self.unit_variants or frozenset((a, b)) in _COUNTS


@dataclass(frozen=True)
class RuleDef:
    """An accounting rule of the forms: sum(left) = sum(right), per column, row or block, or once."""

    id: str
    meaning: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    per: Literal["column", "row", "block", "once"] = "once"
    table: str | None = None
    soft: bool = False
    printed_parts: bool = False
    where: str | None = None  # of a rule stated once: what it sums ("applications by channel")


@dataclass(frozen=True)
class RuleInstance:
    """One equation of a rule over indicator ids ("natural_person column" of t3.balance)."""

    rule: RuleDef
    where: str
    left: tuple[str, ...]
    right: tuple[str, ...]


def _diverges(phrase: str, piece: str, before: str) -> bool:
    """Does the text ``before`` a piece of ``phrase`` end with part, not all, of what precedes the piece
    in the phrase, or with a quoted name in its place (“某区发布”公众号, or "某区发布"公众号 as Markdown
    writers print quotes)? Then the text holds another word that shares the piece's characters."""
    missing = phrase[: phrase.index(piece)]
    before = re.sub(r"\s", "", before)
    if missing and before[-1:] in '”」』》"':
        return True
    shared = next((k for k in range(len(missing), 0, -1) if before.endswith(missing[-k:])), 0)
    return 0 < shared < len(missing)


class Catalog:
    def __init__(self, tables: dict[str, Any], general: dict[str, Any]) -> None:
        self.tables: dict[str, TableDef] = {}
        self.indicators: dict[str, IndicatorDef] = {}
        self.id_overrides: dict[str, str] = {}
        for key in ("t2", "t3"):
            self._load_row_table(key, tables[key])
        self._load_t4(tables["t4"])
        self.counting_verbs = tuple(normalize_label(v) for v in general.get("counting_verbs", []))
        self.negation = re.compile("|".join(general["negations"]))
        self.general: tuple[GeneralDef, ...] = tuple(self._load_general(general.get("indicators", [])))
        self.general_by_id = {g.id: g for g in self.general}
        self._general_alias_index = self._build_general_alias_index()
        self._prose_aliases = frozenset(p for g in self.general for p in g.prose)
        #: each table's rows with their printed labels, normalised like a label found in a text
        self._printed = {key: [(_printed_form(r.label), r) for r in t.rows] for key, t in self.tables.items()}
        #: each table's column names as printed in a header, normalised
        self.column_aliases = {
            key: frozenset(normalize_label(a) for c in t.columns.values() for a in c.get("aliases", []))
            for key, t in self.tables.items()
        }
        #: each table's column labels in the form's order, normalised
        self.column_labels = {
            key: tuple(normalize_label(c["label"]) for c in t.columns.values()) for key, t in self.tables.items()
        }
        self._template_words: dict[tuple[str, str], frozenset[str]] = {}
        #: parent id -> (elliptic phrase, the indicator it names in a sentence about the parent)
        self.prose_children: dict[str, list[tuple[str, GeneralDef]]] = {}
        for g in self.general:
            for parent, phrases in g.prose_under:
                self.prose_children.setdefault(parent, []).extend((p, g) for p in phrases)
        self._prose_index: dict[str, GeneralDef] = {}
        for g in self.general:
            for p in g.prose + g.table_aliases:
                self._prose_index.setdefault(p, g)
        self.row_aliases = frozenset(a for t in self.tables.values() for r in t.rows for a in r.aliases)
        #: row alias -> its printed list marker ("1" of "1.属于国家秘密"), to tell a marker glued to the
        #: previous cell's digits from those digits
        self.markers: dict[str, str] = {
            a: r.marker for t in self.tables.values() for r in t.rows if r.marker for a in r.aliases if a
        }
        self.rules: dict[str, RuleDef] = {
            r["id"]: RuleDef(
                id=r["id"], meaning=r["meaning"], left=tuple(r["left"]), right=tuple(r["right"]),
                per=r.get("per", "once"), table=r.get("table"), soft=r.get("soft", False),
                printed_parts=r.get("printed_parts", False), where=r.get("where"),
            )
            for r in tables.get("rules", [])
        }  # fmt: skip
        self._templates = [(t["template"], t.get("until")) for t in tables.get("templates", [])]
        self._instances: dict[tuple[str, str | None], tuple[RuleInstance, ...]] = {}

    # -- loading -------------------------------------------------------------------------------
    def _load_row_table(self, key: str, spec: dict[str, Any]) -> None:
        self.id_overrides.update(spec.get("id_overrides", {}))
        columns = spec["columns"]
        rows = []
        for r in spec["rows"]:
            templates = tuple(r.get("templates", ["2019", "2021"]))
            if "columns" in r:
                row_columns = {t: tuple(cs) for t, cs in r["columns"].items()}
            else:
                row_columns = {t: tuple(columns) for t in templates}
            rows.append(
                RowDef(
                    key=r["key"],
                    label=r["label"],
                    aliases=tuple(dict.fromkeys(normalize_label(a) for a in r["aliases"])),
                    marker=r.get("marker"),
                    item=r.get("item"),
                    templates=tuple(row_columns),
                    columns=row_columns,
                )
            )
        table = TableDef(
            key=key,
            title=spec["title"],
            title_aliases=tuple(normalize_label(a) for a in spec["title_aliases"]),
            rows=tuple(rows),
            columns=columns,
            unit=spec.get("unit"),
            header_groups=_header_groups(spec),
            row_groups={normalize_label(g): tuple(rows) for g, rows in spec.get("row_groups", {}).items()},
        )
        self.tables[key] = table
        for row in rows:
            for template, cols in row.columns.items():
                for col in cols:
                    cid = self.cell_id(key, row.key, col)
                    col_spec = columns[col]
                    unit = col_spec.get("unit") or table.unit or "件"
                    previous = self.indicators.get(cid)
                    templates_ = tuple(sorted(set((previous.templates if previous else ()) + (template,))))
                    self.indicators[cid] = IndicatorDef(
                        id=cid,
                        label=f"{row.label} / {col_spec['label']}",
                        unit=unit,
                        templates=templates_,
                        aliases=row.aliases,
                        table=key,
                        row=row.key,
                        column=col,
                    )

    def _load_t4(self, spec: dict[str, Any]) -> None:
        cols = tuple(spec["columns"])
        rows = tuple(
            RowDef(
                key=k,
                label=b["label"],
                aliases=tuple(normalize_label(a) for a in b["aliases"]),
                columns={"2019": cols, "2021": cols},
            )
            for k, b in spec["blocks"].items()
        )
        self.tables["t4"] = TableDef(
            key="t4",
            title=spec["title"],
            title_aliases=tuple(normalize_label(a) for a in spec["title_aliases"]),
            rows=rows,
            columns=spec["columns"],
            unit=spec.get("unit"),
            header_groups=_header_groups(spec),
        )
        for row in rows:
            for col in cols:
                cid = f"t4.{row.key}.{col}"
                self.indicators[cid] = IndicatorDef(
                    id=cid,
                    label=f"{row.label} / {spec['columns'][col]['label']}",
                    unit=spec.get("unit", "件"),
                    templates=("2019", "2021"),
                    table="t4",
                    row=row.key,
                    column=col,
                )

    def _load_general(self, items: list[dict[str, Any]]) -> list[GeneralDef]:
        out = []
        for g in items:
            gd = GeneralDef(
                id=g["id"],
                label=g["label"],
                unit=g["unit"],
                group=g.get("group", g["id"].split(".")[0]),
                table_aliases=tuple(dict.fromkeys(normalize_label(a) for a in g.get("table_aliases", []))),
                prose=tuple(dict.fromkeys(normalize_label(a) for a in g.get("prose", []))),
                prose_exclude=tuple(normalize_label(a) for a in g.get("prose_exclude", [])),
                prose_after=tuple(normalize_label(a) for a in g.get("prose_after", [])),
                absence=tuple(tuple(normalize_label(k) for k in ks) for ks in g.get("absence", [])),
                absence_exclude=tuple(normalize_label(a) for a in g.get("absence_exclude", [])),
                same_as=tuple((i,) for i in g.get("same_as", []))
                + ((tuple(g["same_as_sum"]),) if g.get("same_as_sum") else ()),
                prose_under=tuple(
                    (parent, tuple(normalize_label(p) for p in phrases))
                    for parent, phrases in g.get("prose_under", {}).items()
                ),
                prose_counted=tuple(
                    (normalize_label(v), normalize_label(n))
                    for verb, n in (c.split("*") for c in g.get("prose_counted", []))
                    for v in ([verb] if verb else self.counting_verbs)  # "*新闻发布会": any counting verb
                ),
                unit_variants=tuple(g.get("unit_variants", [])),
            )
            out.append(gd)
            self.indicators[gd.id] = IndicatorDef(
                id=gd.id,
                label=gd.label,
                unit=gd.unit,
                templates=("pre2019", "2019", "2021"),
                aliases=gd.table_aliases,
            )
        return out

    def _build_general_alias_index(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for i, g in enumerate(self.general):
            for a in g.table_aliases:
                index.setdefault(a, []).append(i)
        return index

    # -- forms and rules -----------------------------------------------------------------------
    def template_for_year(self, year: int | None) -> str | None:
        """The form a report of this year follows (pre2019, 2019, 2021); None without a year."""
        if year is None:
            return None
        return next((t for t, until in self._templates if until is None or year <= until), None)

    def rule_instances(self, template: str, table: str | None = None) -> tuple[RuleInstance, ...]:
        """Every equation of the rules over indicator ids, for the rows ``template`` has (compiled once
        per template: the checks run them on every report)."""
        key = (template, table)
        if key not in self._instances:
            self._instances[key] = tuple(self._compile_rules(template, table))
        return self._instances[key]

    def _compile_rules(self, template: str, table: str | None) -> list[RuleInstance]:
        out = []
        for rule in self.rules.values():
            if table is not None and rule.table != table:
                continue
            if rule.per == "once":
                out.append(RuleInstance(rule, rule.where or rule.id, rule.left, rule.right))
                continue
            spec = self.tables[rule.table or ""]
            rows = [r.key for r in spec.rows if template in r.templates]
            if rule.per == "column":
                for col in spec.columns:
                    ids = [[f"{spec.key}.{r}.{col}" for r in side if r in rows] for side in (rule.left, rule.right)]
                    out.append(RuleInstance(rule, f"{col} column", tuple(ids[0]), tuple(ids[1])))
            else:
                for r in rows:
                    ids = [[f"{spec.key}.{r}.{c}" for c in side] for side in (rule.left, rule.right)]
                    out.append(RuleInstance(rule, f"{r} {rule.per}", tuple(ids[0]), tuple(ids[1])))
        return out

    # -- lookups -------------------------------------------------------------------------------
    def cell_id(self, table: str, row: str, column: str) -> str:
        cid = f"{table}.{row}.{column}"
        return self.id_overrides.get(cid, cid)

    def general_candidates(self, alias: str) -> list[GeneralDef]:
        """General indicators printed with this (normalised) row label, in 统计表 order."""
        return [self.general[i] for i in self._general_alias_index.get(alias, [])]

    def stated_in_tables(self, gid: str) -> tuple[tuple[str, ...], ...]:
        """The cells whose sum a table states ``gid`` in: its own (a pre-2019 统计表), or each way of the
        2019/2021 forms (表三's 本年新收 总计 for 收到申请; 表四's two 诉讼 blocks for 行政诉讼)."""
        g = self.general_by_id.get(gid)
        return ((gid,), *(g.same_as if g else ()))

    def general_index(self, gid: str) -> int:
        return next(i for i, g in enumerate(self.general) if g.id == gid)

    def resolve_general_label(self, text: str, cutoff: float = 0.8) -> list[GeneralDef]:
        """Exact alias first, then the closest alias (OCR errors, model spans with extra characters); a
        list marker printed before it ("（一）", "1.") aside."""
        label = normalize_label(text)
        if label in self._general_alias_index:
            return self.general_candidates(label)
        if printed := _MARKER.match(text):
            label = normalize_label(text[printed.end() :]) or label
            if label in self._general_alias_index:
                return self.general_candidates(label)
        best = difflib.get_close_matches(label, list(self._general_alias_index), n=1, cutoff=cutoff)
        return self.general_candidates(best[0]) if best else []

    def is_alias(self, text: str) -> bool:
        """Is ``text`` exactly a row or 统计表 alias (after normalisation)?"""
        label = normalize_label(text)
        return label in self._general_alias_index or label in self.row_aliases

    def resolve_prose(self, text: str, before: str = "") -> GeneralDef | None:
        """The general indicator a prose METRIC span names: exact phrase, else the phrase inside it that
        ends last, the longest of those (a tagger may include the verb: "受理政府信息公开申请"), else the
        one indicator whose phrases contain it. Fillers are taken out first ("门户网站共发布信息",
        "政府网站公开各类政府信息" say 门户网站发布信息, 政府网站公开政府信息); the phrase as printed is
        read where that names none ("公开各类信息"). ``before``: the text just before the span."""
        label = normalize_label(text)
        plain = without_fillers(label)
        found = self._resolve_prose(plain, before)
        return found if found is not None or plain == label else self._resolve_prose(label, before)

    def _resolve_prose(self, label: str, before: str) -> GeneralDef | None:
        if label in self._prose_index:
            return self._prose_index[label]
        inside = [p for p in self._prose_index if len(p) >= 4 and p in label]
        if inside:  # the head of a Chinese noun phrase is its end: "…申请引发的行政复议" is a 行政复议
            return self._prose_index[max(inside, key=lambda p: (label.rfind(p) + len(p), len(p)))]
        # a tagger may also leave out a leading word ("网站发布信息" of "通过网站发布信息"): a long enough
        # piece of phrases that all name one indicator, unless the text goes on into a different word
        # ("“某区发布”公众号发布信息" is one account's count, not 微信公众号发布信息)
        if len(label) < 6:
            return None
        around = [self._prose_index[p] for p in self._prose_index if label in p and not _diverges(p, label, before)]
        return around[0] if around and len({g.id for g in around}) == 1 else None

    def resolve_row(self, table: str, text: str, cutoff: float = 0.8) -> RowDef | None:
        """The table row a printed label names: an alias inside the label (but a piece of one row's
        printed label is that row's, whatever shorter alias it holds), else the closest alias; a list
        marker printed with it ("2." of a wrapped "2.其他法⏎律行政法规…") rules out the rows numbered
        otherwise ("3.其他"), a parent row's ("（六）") every numbered one. A pipe between two Han
        characters is a Markdown converter's cell edge inside the label ("一、本年新收政府|信息公开申请数量")."""
        text = _CELL_EDGE.sub("", text)
        label = normalize_label(text)
        printed = _MARKER.match(text)
        rows = [r for r in self.tables[table].rows if not (printed and r.marker and r.marker != printed.group(1))]
        exact = next((r for r in rows if label in r.aliases), None)
        if exact is not None or label in self._general_alias_index or label in self._prose_aliases:
            return exact  # else a general indicator's wording ("政府信息公开申请"), not a row of this form
        hits = [(len(a), a, r) for r in rows for a in r.aliases if a and a in label]
        if hits:
            piece = _printed_form(text)
            owners = [r for printed, r in self._printed[table] if r in rows and piece in printed]
            if len(owners) == 1:  # a piece of one row's label: "不计其他情形" of 部分公开's is no 3.其他
                return owners[0]
            # nor is an alias that runs on into other rows' words (a model's span "其他处⏎期不补正…")
            named = [(n, r) for n, a, r in hits if self._names_in(table, r, a, label) and not _cell_after(a, text)]
            return max(named, key=lambda h: h[0])[1] if named else None
        scored = [
            (difflib.SequenceMatcher(None, label, a).ratio(), r)
            for r in rows
            for a in r.aliases
            if len(a) >= 4 and len(label) >= 0.8 * len(a)
        ]
        best = max(scored, key=lambda s: s[0], default=(0.0, None))
        return best[1] if best[0] >= cutoff else None

    def template_words(self, table: str, template: str) -> frozenset[str]:
        """Pieces of five characters of the labels of the rows only ``template`` has that no other
        row's label holds ("逾期不补正" of 2021's 其他处理 rows): what tells the template where a converter
        wrapped those labels and no whole one is found."""
        if (table, template) not in self._template_words:  # asked for by every 表三 read: worked out once
            own = [p for p, r in self._printed[table] if r.templates == (template,)]
            others = [p for p, r in self._printed[table] if r.templates != (template,)]
            pieces = {p[i : i + 5] for p in own for i in range(len(p) - 4)}
            self._template_words[table, template] = frozenset(w for w in pieces if not any(w in o for o in others))
        return self._template_words[table, template]

    def _names_in(self, table: str, row: RowDef, alias: str, label: str) -> bool:
        """Whether ``alias`` of ``row`` stands in ``label`` as that row's, not as the start of a word of
        other rows' labels (a model's span "其他处⏎期不补正…": （六）其他处理's and 1.申请人…'s pieces)."""
        at = label.find(alias)
        while at >= 0:
            if not self.runs_on_into(table, row, label[at : at + len(alias) + 1]):
                return True
            at = label.find(alias, at + 1)
        return False

    def runs_on_into(self, table: str, row: RowDef, piece: str) -> bool:
        """Whether ``piece``, an alias of ``row`` and the character printed after it, is a piece of other
        rows' printed labels only ("其他处" of （六）其他处理's, "其他情" of 部分公开's: no 3.其他)."""
        owners = self.piece_owners(table, piece)
        return bool(owners) and row not in owners

    def piece_owners(self, table: str, piece: str) -> list[RowDef]:
        """The rows of ``table`` whose printed label holds ``piece`` (its list marker included, as
        "7.属于行政" of a label a converter wrapped); none for a piece of under three characters."""
        label = _printed_form(piece)
        return [r for printed, r in self._printed[table] if label in printed] if len(label) >= 3 else []

    def group_piece(self, table: str, row: str, word: str) -> bool:
        """Whether ``word`` is the number of the merged cell grouping ``row`` with its sub-rows, alone or
        with the start of the cell's label ("（三）不"): the cell holds no values of its own."""
        w = normalize_label(word)
        return any(
            row in rows and group.startswith(w) and (m := _MARKER.match(group)) is not None and len(w) >= m.end()
            for group, rows in self.tables[table].row_groups.items()
        )

    def in_group_label(self, table: str, piece: str) -> bool:
        """Whether ``piece`` (two characters or more) is part of a merged cell's label grouping sub-rows
        ("予处理" of （五）不予处理): a converter may print it between a sub-row's wrapped label's lines."""
        w = _printed_form(piece)
        return len(w) >= 2 and any(w in group for group in self.tables[table].row_groups)

    def piece_owner(self, table: str, piece: str) -> RowDef | None:
        """The one row whose printed label holds ``piece``; None where no row or several do."""
        owners = self.piece_owners(table, piece)
        return owners[0] if len(owners) == 1 else None

    def as_json(self) -> dict[str, Any]:
        return {
            "indicators": [
                {
                    "id": d.id,
                    "label": d.label,
                    "unit": d.unit,
                    "templates": list(d.templates),
                    "aliases": list(d.aliases),
                    **({"table": d.table, "row": d.row, "column": d.column} if d.table else {}),
                }
                for d in self.indicators.values()
            ]
        }


#: a pipe between two Han characters: a label cut at a column's edge (``service.tagging.Compact``)
_CELL_EDGE = re.compile(r"(?<=[\u4e00-\u9fff])\|(?=[\u4e00-\u9fff])")
#: curly quotes as the forms print them straight (3.危及"三安全一稳定"): a text may print either
_STRAIGHT_QUOTES = str.maketrans("“”‘’", "\"\"''")


def _cell_after(alias: str, text: str) -> bool:
    """Whether a short alias ("其他") is printed in ``text`` with other words after it on its line, a space
    between: a cell of its own before another's, as 表三's group label （六）其他处理 beside its first row's
    (markitdown: "其他 请人⏎处理"); a row so generic is named alone in its cell."""
    return len(alias) <= 3 and re.search(rf"{re.escape(alias)}[ \t\u3000]+[\u4e00-\u9fff]", text) is not None


def _printed_form(label: str) -> str:
    """A label as compared with the forms' printed labels."""
    return normalize_label(_CELL_EDGE.sub("", label)).translate(_STRAIGHT_QUOTES)


#: a row's list marker as printed before its label: "2." "3、", or a parent row's "（六）", which no row
#: numbered 1., 2. … has ("（六）其他", the first line of （六）其他处理, is not "3.其他")
_MARKER = re.compile(r"\s*(?:([1-9])\s*[.、．]|[（(][一二三四五六七八九十]{1,3}[)）])")


def _read_yaml(name: str) -> dict[str, Any]:
    path = resources.files("service") / "data" / name
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


@lru_cache
def get_catalog() -> Catalog:
    return Catalog(_read_yaml("tables.yaml"), _read_yaml("general.yaml"))
