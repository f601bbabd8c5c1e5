"""A time budget for extraction: checked between steps, read from a monotonic clock passed in (never a global)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

EXTRACTION_BUDGET_S = 20.0  # seconds one extraction may take (200 kB adversarial text: 1-2 s quiet, 4-9 s loaded)

T = TypeVar("T")


class Budget:
    """Time left for one extraction. `spent()` reads the clock; once the time is up it stays up.

    A step that has started finishes: the budget is checked between recognisers and at each item of the loops over
    mentions and candidates, so the overrun is at most one step.
    """

    def __init__(self, seconds: float = EXTRACTION_BUDGET_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds, self.clock = seconds, clock
        self.deadline = clock() + seconds
        self.stopped = False

    def spent(self) -> bool:
        """True once the clock has reached the deadline (and from then on)."""
        if not self.stopped and self.clock() >= self.deadline:
            self.stopped = True
        return self.stopped

    def run(self, step: Callable[..., list[T]], *args: object) -> list[T]:
        """step(*args), or [] (nothing found) when the time is already up."""
        return [] if self.spent() else step(*args)

    def keep_while(self, items: Iterable[T]) -> Iterator[T]:
        """The items, until the time is up."""
        for item in items:
            if self.spent():
                return
            yield item

    def notice(self) -> str:
        """What the reader is told when extraction stopped early ('' when it finished)."""
        if not self.stopped:
            return ""
        return f"extraction stopped after {self.seconds:g} s; the text is too long to finish"
