"""Stand-ins the tests share: for ``service.pipeline.Extractor`` (API and CLI tests) and a link head."""

import numpy as np

from service.linking import LinkHead
from service.schema import Check, ExtractOptions, ExtractResult, Indicator, ModelInfo, ReportInfo


def constant_link_head(labels: list[str], size: int, favour: str, seed: int = 0) -> LinkHead:
    """A head that ignores its input and links every number to ``favour`` with probability ~1."""
    rng = np.random.default_rng(seed)
    w0 = rng.normal(size=(size, 8)).astype(np.float32) * 0.0
    w1 = np.zeros((8, len(labels)), np.float32)
    b1 = np.zeros(len(labels), np.float32)
    b1[labels.index(favour)] = 20.0
    return LinkHead(labels, [(w0, np.zeros(8, np.float32)), (w1, b1)])


class FakeExtractor:
    """Stands in for service.pipeline.Extractor: records calls, answers a fixed result."""

    def __init__(self, *, ready: bool = True, error: Exception | None = None) -> None:
        self._ready = ready
        self.error = error
        self.calls: list[tuple[str, ExtractOptions | None]] = []

    @property
    def ready(self) -> bool:
        return self._ready

    @property
    def model_info(self) -> ModelInfo:
        return ModelInfo(name="fake", version="1")

    def extract_document(self, doc, options: ExtractOptions | None = None) -> ExtractResult:
        return self.extract(doc.text, options)  # the files here are text: a text file's result is its text's

    def extract(self, text: str, options: ExtractOptions | None = None) -> ExtractResult:
        self.calls.append((text, options))
        if self.error is not None:
            raise self.error
        start = max(text.find("336"), 0)
        return ExtractResult(
            model=self.model_info,
            report=ReportInfo(title=text.splitlines()[0], year=2019, template="2019"),
            indicators=[
                Indicator(
                    id="active.website",
                    label="政府网站公开政府信息数",
                    value=336,
                    unit="条",
                    source="text",
                    raw="336条",
                    start=start,
                    end=start + 4,
                    confidence=0.9,
                )
            ],
            checks=[Check(rule="t3.balance", status="not_assessable", detail="no table 3")],
        )
