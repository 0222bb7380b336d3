"""The speed benchmark's worker and table (the timings themselves are printed by the command, never asserted)."""

from training import bench


def test_a_worker_reports_latency_throughput_steps_and_memory(monkeypatch):
    monkeypatch.setattr(
        bench, "_texts", lambda sizes: {str(n): ["某区2021年政府信息公开工作年度报告\n" * (n // 20)] for n in sizes}
    )
    result = bench._worker("lexicon", [400], runs=3, with_f1=False)
    m = result["inputs"]["400"]
    assert 0 < m["p50_s"] <= m["p95_s"] and m["reports_per_s"] > 0 and m["chars_per_s"] > 0
    assert m["batched_workers"] >= 1 and m["batched_reports_per_s"] > 0 and m["batched_chars_per_s"] > 0
    assert set(result["stages"]["400"]) == {"normalise", "tag", "structure", "map", "check"}
    assert result["peak_rss_mb"] > 0 and result["f1"] is None
    table = bench.table([result, {**result, "variant": "other"}], cli_s=0.5)
    assert "lexicon" in table and "other" in table and "1.00" in table and "govreport extract FILE" in table
