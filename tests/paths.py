"""Where the tests find the repository's files and, on development machines and in CI, ../shared."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOLD = ROOT / "data" / "annotations" / "gold"
DEFAULT_MODEL = ROOT / "models" / "default"
SHARED = ROOT.parent / "shared"  # absent on a user's machine: the tests that need it skip
SHARED_CORPUS = SHARED / "corpus"
