"""One settings object; nothing else in the project reads the environment."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
#: the request schemas refuse longer item lists before parsing a single item (a 4 MB body can hold
#: two million items); GOVREPORT_MAX_BATCH_ITEMS may not exceed it
MAX_BATCH_ITEMS_CEILING = 1000


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOVREPORT_", extra="ignore")

    max_text_chars: int = 200_000
    max_batch_items: int = Field(default=50, ge=1, le=MAX_BATCH_ITEMS_CEILING)
    max_upload_bytes: int = 20 * 1024 * 1024  # a document file (PDF, DOCX, HTML, text)
    # a PDF with no text layer is read by OCR (the `ocr` extra) up to this many pages (0: never); about
    # 5 s a page on 2 cores, within the request's time budget
    ocr_max_pages: int = Field(default=10, ge=0)
    # per API process: extractions at once, requests waiting for a slot (more: 503 overloaded), and the
    # seconds one request may take from its arrival (then 504 timeout)
    max_running: int = Field(default=2, ge=1)
    max_waiting: int = Field(default=8, ge=0)
    time_budget_s: float = Field(default=60.0, gt=0, allow_inf_nan=False)
    body_timeout_s: float = Field(default=30.0, gt=0, allow_inf_nan=False)  # a POST body must arrive by then
    shutdown_grace_s: int = Field(default=30, ge=0)  # on SIGTERM: requests in flight get this long
    # The fine-tuned model serves every request; the lexicon tagger only when a request asks for it.
    # Without a loadable model, model requests get 503 model_unavailable (never a silent fallback).
    default_tagger: str = "model"  # "model" or "lexicon"
    # Model version "default"; models_root holds trained versions and the ACTIVE pointer, which wins
    # when it names one (the rule is service.registry.ModelRegistry.active_path's).
    # "auto": ONNX Runtime when the model directory has model.onnx (no torch at run time), else torch
    model_runtime: Literal["auto", "onnx", "torch"] = "auto"
    model_dir: Path = REPO_ROOT / "models" / "default"
    models_root: Path = REPO_ROOT / "models"
    annotations_dir: Path = REPO_ROOT / "data" / "annotations"
    corpus_dir: Path = REPO_ROOT.parent / "shared" / "corpus"
    admin_token: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000


@lru_cache
def get_settings() -> Settings:
    return Settings()
