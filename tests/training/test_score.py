"""Indicator scoring: prose is also scored by indicator group, as the evaluation report and the card show."""

from service.pipeline import Extractor
from training.score import GoldReport, GoldValue, format_summary, score_report, summarise


def test_prose_is_scored_by_indicator_group(extractor: Extractor) -> None:
    text = "某区2016年政府信息公开工作年度报告\n一、概述\n全年主动公开政府信息336条。行政复议3件。\n"
    gold = GoldReport(
        file="r.txt", corpus_path="r.txt", sha256="0" * 64, template="pre2019", style="prose",
        values=[
            GoldValue(id="active.total", value=336, source="text"),
            GoldValue(id="review.total", value=3, source="text"),
        ],
    )  # fmt: skip
    score = score_report(gold, extractor.extract(text))
    assert score.prose_groups["active"].tp == 1
    review = score.prose_groups["review"]
    assert review.tp + review.fn == 1  # found or missed, it is counted in its group
    summary = summarise([score])
    assert set(summary["prose_group"]) == {"active", "review"}
    assert "prose by indicator group:" in format_summary(summary)
