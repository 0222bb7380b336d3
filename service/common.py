"""What the HTTP API (``service.api``) and the command line (``govreport.cli``) share.

The checks on input and the catalog look-up; both raise ``service.errors.ServiceError``, which each
front end turns into its own form (a JSON error body with an HTTP status, or a message and an exit
code). Neither front end has a rule of its own about what text is accepted.
"""

from typing import Any

from service.errors import ServiceError
from service.settings import Settings

#: Slack for the JSON around the text(s) of one request: keys, options, whitespace.
BODY_OVERHEAD_BYTES = 64 * 1024
#: Bytes one character can take in a JSON body: ``\\uXXXX`` escapes (``json.dumps`` default,
#: ``ensure_ascii=True``) take 6 bytes for each CJK character; raw UTF-8 takes at most 4.
BYTES_PER_CHAR = 6


def check_text(text: str, settings: Settings, *, where: str = "text") -> None:
    """Refuse a text that is blank or longer than ``settings.max_text_chars`` characters."""
    if not text.strip():
        raise ServiceError("invalid_input", f"{where} is empty or only whitespace")
    if len(text) > settings.max_text_chars:
        raise ServiceError(
            "text_too_large",
            f"{where} has {len(text):,} characters; the limit is {settings.max_text_chars:,} "
            "(GOVREPORT_MAX_TEXT_CHARS)",
        )


def check_batch_size(count: int, settings: Settings) -> None:
    if count > settings.max_batch_items:
        raise ServiceError(
            "too_many_items",
            f"the batch has {count} items; the limit is {settings.max_batch_items} (GOVREPORT_MAX_BATCH_ITEMS)",
        )


def max_body_bytes(settings: Settings, items: int = 1) -> int:
    """Largest raw request body worth parsing for ``items`` texts: far above any valid request.

    The exact limit is the character count of each text (``check_text``); this bound only stops a
    client from making the server buffer and parse an arbitrarily large body first.
    """
    return items * (BYTES_PER_CHAR * settings.max_text_chars + BODY_OVERHEAD_BYTES)


def load_catalog() -> dict[str, Any]:
    """The indicator catalog as JSON (``service.catalog.get_catalog().as_json()``)."""
    try:
        from service.catalog import get_catalog
    except ModuleNotFoundError as exc:
        if exc.name != "service.catalog":
            raise  # the catalog exists but something it imports is missing: a real fault
        raise ServiceError("not_implemented", "the indicator catalog is not available in this build") from exc
    return get_catalog().as_json()
