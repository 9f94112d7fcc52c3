"""Progress of a run's stages on the terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tthc_analysis.errors import RenderError


class Stages:
    """Progress of the stages on a terminal (rich); plain lines elsewhere; silent if asked."""

    def __init__(self, total: int, enabled: bool):
        self.total = total
        self.enabled = enabled
        self.index = 0
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, key: str, label: str) -> Iterator[None]:
        """Show ``label`` while the block runs; a ``RenderError`` inside it comes out naming the stage."""
        try:
            with self._shown(key, label):
                yield
        except RenderError as exc:
            if str(exc).startswith("Bước “"):
                raise
            raise RenderError(f"Bước “{label}” thất bại: {exc}") from exc

    @contextmanager
    def _shown(self, key: str, label: str) -> Iterator[None]:
        self.index += 1
        start = time.perf_counter()
        if not self.enabled:
            yield
        elif sys.stderr.isatty():
            from rich.console import Console

            console = Console(stderr=True)
            with console.status(f"[{self.index}/{self.total}] {label}…"):
                yield
            console.print(f"[green]✓[/green] [{self.index}/{self.total}] {label} ({time.perf_counter() - start:.1f} s)")
        else:
            print(f"[{self.index}/{self.total}] {label}…", file=sys.stderr, flush=True)
            yield
        self.timings[key] = time.perf_counter() - start
