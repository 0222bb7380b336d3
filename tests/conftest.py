"""Fixtures shared across the test packages (tests/ mirrors the code: service/, api/, cli/, training/)."""

import pytest

from service.pipeline import Extractor
from service.settings import Settings


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The lexicon-tagger extractor: the whole pipeline without a model, fast and deterministic."""
    return Extractor(Settings(default_tagger="lexicon"))
