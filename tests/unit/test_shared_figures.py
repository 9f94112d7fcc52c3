"""Figures drawn once per run by whichever process gets there first (sections.shared_figures)."""

from __future__ import annotations

import fcntl
import os
import threading
import time

import pytest

from tthc_analysis.sections import shared_figures
from tthc_analysis.sections.shared_figures import attach, figures_folder_name, producing, shared_png

SHA = "ab" * 32
KEY = ("Tổng điểm của từng đơn vị", "Biểu đồ thanh", 1020, 750)


@pytest.fixture(autouse=True)
def _detached():
    yield
    attach("", SHA)  # no folder for the next test


def _draw(calls: list[str], data: bytes = b"PNG-of-this-process"):
    def draw() -> bytes:
        calls.append("drawn")
        return data

    return draw


def test_without_a_folder_every_figure_is_drawn_here(tmp_path):
    calls: list[str] = []
    assert attach(tmp_path / "missing", SHA) is False
    assert shared_png(KEY, _draw(calls)) == b"PNG-of-this-process"
    assert shared_png(KEY, _draw(calls)) == b"PNG-of-this-process"
    assert calls == ["drawn", "drawn"]


def test_a_folder_made_for_other_data_is_never_read(tmp_path):
    other = tmp_path / figures_folder_name("cd" * 32)
    with producing(other):
        shared_png(KEY, _draw([], b"figure of other data"))
    assert attach(other, SHA) is False
    assert shared_png(KEY, _draw([])) == b"PNG-of-this-process"


def test_the_kernel_takes_a_figure_the_renderer_drew(tmp_path):
    folder = tmp_path / figures_folder_name(SHA)
    renderer: list[str] = []
    with producing(folder):
        assert shared_png(KEY, _draw(renderer, b"drawn by tthc report")) == b"drawn by tthc report"
    assert renderer == ["drawn"]
    kernel: list[str] = []
    assert attach(folder, SHA) is True
    assert shared_png(KEY, _draw(kernel)) == b"drawn by tthc report"
    assert kernel == []
    other_key = (*KEY[:2], 1021, 750)  # another figure: nobody drew it, the kernel draws it
    assert shared_png(other_key, _draw(kernel)) == b"PNG-of-this-process"
    assert kernel == ["drawn"]


def test_the_renderer_leaves_alone_what_the_kernel_drew(tmp_path):
    folder = tmp_path / figures_folder_name(SHA)
    folder.mkdir()
    attach(folder, SHA)
    shared_png(KEY, _draw([], b"drawn by the kernel"))
    renderer: list[str] = []
    with producing(folder):
        assert shared_png(KEY, _draw(renderer)) == b""
    assert renderer == []
    assert len(list(folder.glob("*.png"))) == 1


def _hold_lock(folder, key, seconds: float, result: bytes | None, started: threading.Event) -> None:
    """Play the other process: hold the figure's lock (another open file description), then maybe finish it."""
    name = shared_figures.hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:24]
    descriptor = os.open(folder / f"{name}.lock", os.O_CREAT | os.O_RDWR, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    started.set()
    time.sleep(seconds)
    if result is not None:
        (folder / f"{name}.png").write_bytes(result)
    os.close(descriptor)


def test_the_kernel_waits_for_a_figure_being_drawn_and_takes_it(tmp_path):
    folder = tmp_path / figures_folder_name(SHA)
    folder.mkdir()
    started = threading.Event()
    other = threading.Thread(target=_hold_lock, args=(folder, KEY, 0.3, b"drawn by tthc report", started))
    other.start()
    started.wait()
    attach(folder, SHA)
    kernel: list[str] = []
    assert shared_png(KEY, _draw(kernel)) == b"drawn by tthc report"
    other.join()
    assert kernel == []


def test_the_kernel_draws_a_figure_whose_drawer_gave_up(tmp_path):
    """The renderer died (its lock released with it) before writing the figure: the kernel draws it."""
    folder = tmp_path / figures_folder_name(SHA)
    folder.mkdir()
    started = threading.Event()
    other = threading.Thread(target=_hold_lock, args=(folder, KEY, 0.2, None, started))
    other.start()
    started.wait()
    attach(folder, SHA)
    kernel: list[str] = []
    assert shared_png(KEY, _draw(kernel)) == b"PNG-of-this-process"
    other.join()
    assert kernel == ["drawn"]


def test_the_renderer_skips_a_figure_the_kernel_is_drawing(tmp_path):
    folder = tmp_path / figures_folder_name(SHA)
    folder.mkdir()
    name = shared_figures.hashlib.sha256(repr(KEY).encode("utf-8")).hexdigest()[:24]
    held, release, timed_out = threading.Event(), threading.Event(), []

    def kernel_drawing() -> None:  # holds the lock until the test lets go (or 10 s pass: the renderer waited)
        descriptor = os.open(folder / f"{name}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        held.set()
        if not release.wait(10):
            timed_out.append(True)
        os.close(descriptor)

    other = threading.Thread(target=kernel_drawing)
    other.start()
    held.wait()
    renderer: list[str] = []
    with producing(folder):
        assert shared_png(KEY, _draw(renderer)) == b""
    release.set()
    other.join()
    assert renderer == []
    assert timed_out == []  # it went on at once instead of waiting for the kernel's figure
