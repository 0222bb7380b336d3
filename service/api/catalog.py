"""``GET /v1/indicators``: the indicator catalog."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from service.api.responses import error_docs
from service.common import load_catalog

router = APIRouter(tags=["catalog"])


@router.get("/v1/indicators", responses=error_docs("not_implemented"))
def indicators() -> dict[str, Any]:
    """The catalog of standard indicators (ids, labels, units, tables)."""
    return load_catalog()
