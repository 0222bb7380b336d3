"""A stand-in for ``service.pipeline.Extractor`` that the API and CLI tests share."""

from service.schema import Check, ExtractOptions, ExtractResult, Indicator, ModelInfo, ReportInfo


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
