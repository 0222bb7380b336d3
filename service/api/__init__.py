"""The HTTP API: ``create_app()`` and the module-level ``app`` (``uvicorn service.api:app``).

``application`` assembles the app (body guard, error handlers); ``deps`` holds what routes get
injected; each other module is the router of one resource. Error codes: ``service.errors``.
"""

from service.api.application import create_app
from service.api.deps import extractor_dependency

__all__ = ["app", "create_app", "extractor_dependency"]

app = create_app()
