"""The reports' own consistency rules (勾稽关系), checked on what was extracted.

A rule whose cells were not all extracted (or are blank) is ``not_assessable``, never failed.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.schema import Check, Indicator

T3_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
T3_RESULT_ROWS = (
    "granted", "partial",
    "denied_state_secret", "denied_law_forbidden", "denied_three_safety", "denied_third_party",
    "denied_internal_affairs", "denied_process_info", "denied_enforcement_file", "denied_admin_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "not_processed_petition", "not_processed_repeat", "not_processed_publication",
    "not_processed_massive", "not_processed_confirm",
)  # fmt: skip
T3_OTHER_2021 = ("other_no_correction", "other_unpaid_fee", "other_other")
T3_ROWS_WITH_TOTAL = (
    "new_received", "carried_over", *T3_RESULT_ROWS, "other_handling", *T3_OTHER_2021, "total", "carried_forward",
)  # fmt: skip
T4_BLOCKS = ("review", "litigation_direct", "litigation_after_review")
CHANNELS = ("in_person", "fax", "online", "email", "letter", "letter_fax", "other")
ANSWERS = (
    "already_public", "granted", "partial", "denied", "not_this_agency", "not_exist", "clarify", "other_route", "other",
)  # fmt: skip

Number = int | float


def _fmt(v: Number) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-6


class _Values:
    """Table values of the report year, first printed value per id."""

    def __init__(self, indicators: Iterable[Indicator], source: str = "table") -> None:
        self.v: dict[str, Number] = {}
        for ind in indicators:
            if ind.source == source and ind.period == "year" and ind.value is not None:
                self.v.setdefault(ind.id, ind.value)

    def get(self, *ids: str) -> list[Number] | None:
        if not all(i in self.v for i in ids):
            return None
        return [self.v[i] for i in ids]

    def any_of(self, prefix: str) -> bool:
        return any(k.startswith(prefix) for k in self.v)


def _sum_rule(rule: str, where: str, parts: list[str], total: str, vals: _Values, names: list[str] | None = None) -> Check:
    got = vals.get(*parts, total)
    if got is None:
        missing = [i for i in [*parts, total] if i not in vals.v]
        return Check(
            rule=rule, status="not_assessable", detail=f"{where}: missing {', '.join(missing[:4])}", cells=[*parts, total]
        )
    *ps, t = got
    ok = _eq(sum(ps), t)
    lhs = " + ".join(_fmt(p) for p in ps)
    return Check(
        rule=rule,
        status="pass" if ok else "fail",
        detail=f"{where}: {lhs} = {_fmt(sum(ps))} {'=' if ok else '≠'} {_fmt(t)} ({total})",
        cells=[*parts, total],
    )


def check_all(indicators: list[Indicator]) -> list[Check]:
    vals = _Values(indicators)
    checks: list[Check] = []
    if vals.any_of("t3."):
        for col in T3_COLS:
            ids = [f"t3.{r}.{col}" for r in ("new_received", "carried_over", "total", "carried_forward")]
            got = vals.get(*ids)
            if got is None:
                checks.append(
                    Check(rule="t3.balance", status="not_assessable", detail=f"{col} column: a cell is blank or missing", cells=ids)
                )
            else:
                a, b, c, d = got
                ok = _eq(a + b, c + d)
                checks.append(
                    Check(
                        rule="t3.balance",
                        status="pass" if ok else "fail",
                        detail=f"{col} column: new_received {_fmt(a)} + carried_over {_fmt(b)} "
                        f"{'=' if ok else '≠'} total {_fmt(c)} + carried_forward {_fmt(d)}",
                        cells=ids,
                    )
                )
            other = (
                [f"t3.other_handling.{col}"]
                if f"t3.other_handling.{col}" in vals.v
                else [f"t3.{r}.{col}" for r in T3_OTHER_2021]
            )
            parts = [f"t3.{r}.{col}" for r in T3_RESULT_ROWS] + other
            checks.append(_sum_rule("t3.results_sum", f"{col} column", parts, f"t3.total.{col}", vals))
        for row in T3_ROWS_WITH_TOTAL:
            if not any(f"t3.{row}.{c}" in vals.v for c in T3_COLS):
                continue
            parts = [f"t3.{row}.{c}" for c in T3_COLS[:-1]]
            checks.append(_sum_rule("t3.columns_sum", f"{row} row", parts, f"t3.{row}.total", vals))
    if vals.any_of("t4."):
        for block in T4_BLOCKS:
            parts = [f"t4.{block}.{c}" for c in ("upheld", "corrected", "other", "pending")]
            checks.append(_sum_rule("t4.block_sum", f"{block} block", parts, f"t4.{block}.total", vals))
    if "request.received" in vals.v:
        parts = [f"request.received_{c}" for c in CHANNELS if f"request.received_{c}" in vals.v]
        if parts:
            checks.append(_sum_rule("pre2019.channels", "applications by channel", parts, "request.received", vals))
    if "request.answered" in vals.v:
        parts = [f"request.answered_{c}" for c in ANSWERS if f"request.answered_{c}" in vals.v]
        if parts:
            checks.append(_sum_rule("pre2019.answers", "answers by kind", parts, "request.answered", vals))
    checks += _text_vs_table(indicators)
    return checks


def _text_vs_table(indicators: list[Indicator]) -> list[Check]:
    table = _Values(indicators, "table").v
    out = []
    seen: set[str] = set()
    for ind in indicators:
        if ind.source != "text" or ind.period != "year" or ind.value is None or ind.id in seen:
            continue
        if ind.id not in table:
            continue
        seen.add(ind.id)
        t = table[ind.id]
        ok = _eq(ind.value, t)
        out.append(
            Check(
                rule="text_vs_table",
                status="pass" if ok else "fail",
                detail=f"{ind.id}: text {_fmt(ind.value)} ({ind.raw!r} at {ind.start}) "
                f"{'=' if ok else '≠'} table {_fmt(t)}",
                cells=[ind.id],
            )
        )
    return out
