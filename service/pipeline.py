"""The extraction pipeline (work in progress: stub until structure/mapping land)."""

from functools import lru_cache

from service.schema import ExtractOptions, ExtractResult, ModelInfo, ReportInfo
from service.settings import Settings, get_settings


class Extractor:
    """Holds the loaded tagger(s); one instance serves the CLI, the API and batch runs."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def ready(self) -> bool:
        return True

    @property
    def model_info(self) -> ModelInfo:
        return ModelInfo(name="lexicon", version="0")

    def extract(self, text: str, options: ExtractOptions | None = None) -> ExtractResult:
        return ExtractResult(model=self.model_info, report=ReportInfo())


@lru_cache
def get_extractor() -> Extractor:
    return Extractor(get_settings())
