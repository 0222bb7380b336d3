"""Pydantic models of the output contract (shared/spec/output.md) and of API requests."""

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from service.settings import MAX_BATCH_ITEMS_CEILING

Template = Literal["pre2019", "2019", "2021", "mixed", "unknown"]
Label = Literal["HEADING", "METRIC", "NUMBER"]
LABELS: tuple[str, ...] = get_args(Label)  # in the order of the Literal: the one list of span labels


class ModelInfo(BaseModel):
    name: str
    version: str
    labels: list[str] = list(LABELS)


class ReportInfo(BaseModel):
    title: str | None = None
    organization: str | None = None
    year: int | None = None
    template: Template = "unknown"
    script: Literal["simplified", "traditional"] = "simplified"


class Section(BaseModel):
    key: str | None
    heading: str
    level: int
    start: int
    end: int


class Entity(BaseModel):
    label: Label
    text: str
    start: int
    end: int
    score: float


class Indicator(BaseModel):
    id: str
    label: str
    value: float | int | None
    unit: str
    period: Literal["year", "cumulative"] = "year"
    source: Literal["table", "text", "derived"]
    raw: str
    start: int
    end: int
    confidence: float
    approximate: bool = False
    table: str | None = None
    page: int | None = Field(default=None, description="1-based PDF page of the evidence (file input only)")
    failed_rules: list[str] = Field(default=[], description="consistency rules this value takes part in that fail")


class Unmapped(BaseModel):
    metric: str
    value: float | int
    unit: str | None
    start: int
    end: int


class Check(BaseModel):
    rule: str
    status: Literal["pass", "fail", "not_assessable"]
    detail: str
    where: str | None = Field(default=None, description='the equation\'s place: "total column", "review block"')
    left: list[str] = Field(default=[], description="ids summed on the left of the equation")
    right: list[str] = Field(default=[], description="ids summed on the right")


class DocumentInfo(BaseModel):
    """What a file sent to ``/v1/extract/file`` was read as; every offset of the result indexes ``text``."""

    filename: str | None = None
    kind: Literal["text", "html", "docx", "pdf"]
    sha256: str | None = Field(default=None, description="sha256 of the file's bytes")
    ocr: bool = Field(
        default=False, description="the text was read by OCR (a scanned PDF): every value is one to check"
    )
    pages: int | None = None
    text: str = Field(description="the text read from the file (a text file's, decoded): the offsets index it")


class ExtractResult(BaseModel):
    schema_version: str = "1"
    model: ModelInfo
    report: ReportInfo
    sections: list[Section] = []
    entities: list[Entity] = []
    indicators: list[Indicator] = []
    unmapped: list[Unmapped] = []
    checks: list[Check] = []
    warnings: list[str] = []
    document: DocumentInfo | None = None


#: JSON Schema (ECMA-262) for "not only whitespace" as Python's str.strip() sees it (which also strips
#: U+001C–U+001F and U+0085); the check itself is service.common.check_text
NOT_BLANK = r"[^\s\u001c-\u001f\u0085]"


class RequestModel(BaseModel):
    """A request body: a key it does not know is an error (a typo ``taggr`` must not mean the default)."""

    model_config = ConfigDict(extra="forbid")


class ExtractOptions(RequestModel):
    tagger: Literal["model", "lexicon"] | None = Field(
        default=None, description="Tagger to use; default from settings (the shipped model)."
    )
    include_entities: StrictBool = True


class ExtractRequest(RequestModel):
    text: str = Field(
        min_length=1,
        json_schema_extra={"pattern": NOT_BLANK},
        description="Report text exactly as found (PDF text, OCR markdown, crawler text).",
    )
    options: ExtractOptions = ExtractOptions()


class BatchRequest(RequestModel):
    items: list[ExtractRequest] = Field(min_length=1, max_length=MAX_BATCH_ITEMS_CEILING)


class BatchResponse(BaseModel):
    results: list[ExtractResult]


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody
