"""govreport annotations: pre-annotate → correct in doccano / Label Studio → import → export."""

import json

from typer.testing import CliRunner

from govreport.cli import app
from service.settings import get_settings

runner = CliRunner()
TEXT = "某区2020年政府信息公开工作年度报告\n一、总体情况\n全年主动公开政府信息336条。\n"


def test_preannotate_import_export_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVREPORT_ANNOTATIONS_DIR", str(tmp_path / "store"))
    get_settings.cache_clear()
    try:
        report = tmp_path / "report.txt"
        report.write_text(TEXT, encoding="utf-8")
        pre = tmp_path / "pre.jsonl"
        r = runner.invoke(app, ["annotations", "preannotate", str(report), "--out", str(pre), "--tagger", "lexicon"])
        assert r.exit_code == 0, r.output
        item = json.loads(pre.read_text(encoding="utf-8"))
        assert item["text"] == TEXT and [TEXT[s:e] for s, e, _ in item["label"]][-1] == "336条"
        # the annotator fixes a span in doccano: drop everything but the number
        item["label"] = [lab for lab in item["label"] if lab[2] == "NUMBER"]
        pre.write_text(json.dumps(item, ensure_ascii=False) + "\n", encoding="utf-8")
        r = runner.invoke(app, ["annotations", "import", str(pre), "--split", "train"])
        assert r.exit_code == 0 and "stored 1" in r.output, r.output
        out = tmp_path / "ls.json"
        r = runner.invoke(app, ["annotations", "export", "--out", str(out), "--format", "label-studio"])
        assert r.exit_code == 0, r.output
        task = json.loads(out.read_text(encoding="utf-8"))[0]
        regions = task["annotations"][0]["result"]
        assert [x["value"]["text"] for x in regions] == ["336条"]
        r = runner.invoke(app, ["annotations", "export", "--out", str(out), "--split", "validation"])
        assert r.exit_code == 2 and "not one of train, dev, test" in r.output, r.output
    finally:
        get_settings.cache_clear()
