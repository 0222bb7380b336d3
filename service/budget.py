"""Bounded work: how many extractions run at once, how many may wait, and how long one may take.

The API admits an extraction only while fewer than ``max_waiting`` requests wait for one of
``max_running`` slots; past that it answers 503 ``overloaded`` with ``Retry-After`` at once, so a burst
never piles up unbounded work (or memory). An admitted request gets a deadline (``time_budget_s`` from
its arrival, the wait included); the tagger checks it between windows and the request ends with 504
``timeout`` rather than running on. The CLI and batch runs set no deadline.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from service.errors import ServiceError

#: monotonic time by which the current request must be done; None: no limit (CLI, batch runs)
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)


def check_deadline() -> None:
    """Raise 504 ``timeout`` once the current request's time budget is spent."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise ServiceError("timeout", "the extraction did not finish within GOVREPORT_TIME_BUDGET_S; send less text")


class Admission:
    """Slots for extractions and a bounded waiting line in front of them (one per API process)."""

    def __init__(self, max_running: int, max_waiting: int, time_budget_s: float) -> None:
        self.slots = asyncio.Semaphore(max_running)
        self.max_waiting = max_waiting
        self.time_budget_s = time_budget_s
        self.waiting = 0

    @asynccontextmanager
    async def admit(self) -> AsyncIterator[None]:
        """Hold a slot for the body of the ``async with``, with the deadline set for it."""
        deadline = time.monotonic() + self.time_budget_s
        if self.slots.locked():  # every slot busy: wait in line, if there is room in it
            if self.waiting >= self.max_waiting:
                raise ServiceError("overloaded", "the server is busy; retry shortly", headers={"Retry-After": "1"})
            self.waiting += 1
            try:
                await asyncio.wait_for(self.slots.acquire(), timeout=self.time_budget_s)
            except TimeoutError:
                raise ServiceError(
                    "overloaded",
                    "the server stayed busy for the whole time budget; retry",
                    headers={"Retry-After": "5"},
                ) from None
            finally:
                self.waiting -= 1
        else:
            await self.slots.acquire()
        _deadline.set(deadline)  # in the request's own context: it ends with the request
        try:
            yield
        finally:
            self.slots.release()
