"""Headless Chromium, started early and driven over its DevTools pipe, prints the report's HTML to PDF.

``chromium --print-to-pdf URL`` starts a browser, prints and quits: about a second and a half, most of it
start-up, spent after the HTML exists. :class:`PdfPrinter` starts the browser when the run begins, so its
start-up overlaps the notebook's execution, then prints when the HTML is ready. It speaks the Chrome
DevTools Protocol over ``--remote-debugging-pipe`` (JSON messages ending in a NUL byte, written to the
browser's file descriptor 3 and read from its descriptor 4): no port, no network, no extra package.
The page size and page numbers come from the report's own CSS (``@page``), as with ``--print-to-pdf``.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from tthc_analysis.errors import PrinterError

__all__ = ["PdfPrinter", "PrinterError", "remove_singleton_folder"]


def remove_singleton_folder(profile: str) -> None:
    """Remove the folder Chromium keeps its ``SingletonSocket`` in (``$TMPDIR/org.chromium.Chromium.*``, linked
    from the profile), which a killed browser leaves behind: one per report, piling up in /tmp."""
    try:
        target = os.readlink(os.path.join(profile, "SingletonSocket"))
    except OSError:
        return
    folder = os.path.dirname(target)
    if os.path.basename(folder).startswith("org.chromium.Chromium."):
        shutil.rmtree(folder, ignore_errors=True)


class PdfPrinter:
    """One headless Chromium for one or more PDFs; call :meth:`close` (or use ``with``) when done."""

    def __init__(self, browser: str, flags: list[str], timeout: float = 180) -> None:
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="tthc-chromium-")
        self._next_id = 0
        self._buffer = b""
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def wire_descriptors() -> None:  # runs in the child before exec: the protocol wants fds 3 and 4
            # Move both ends out of the way first, so neither overwrites the other on its way to 3 or 4.
            high_read = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
            high_write = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
            os.dup2(high_read, 3)
            os.dup2(high_write, 4)

        command = [browser, *flags, "--remote-debugging-pipe", f"--user-data-dir={self._profile}", "about:blank"]
        try:
            # Its own process group: the renderers and helpers it starts are ended with it, whatever happens.
            self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL, preexec_fn=wire_descriptors,
                                             pass_fds=(3, 4), start_new_session=True)  # fmt: skip
        except OSError as exc:
            shutil.rmtree(self._profile, ignore_errors=True)
            raise PrinterError(f"không chạy được Chromium: {exc}") from exc
        finally:
            os.close(to_browser_read)
            os.close(from_browser_write)

    # --- protocol ---------------------------------------------------------------------------------

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self._to_browser, data) :]
        except OSError as exc:
            raise PrinterError(f"Chromium đã dừng ({exc})") from exc
        return self._next_id

    def _receive(self, deadline: float) -> dict:
        """The next message, waiting no later than ``deadline`` (a browser may stall as well as die)."""
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._from_browser], [], [], remaining)[0]:
                raise PrinterError(f"Chromium không trả lời trong {self.timeout:g} giây")
            try:
                chunk = os.read(self._from_browser, 1 << 20)
            except OSError as exc:
                raise PrinterError(f"Chromium đã dừng ({exc})") from exc
            if not chunk:
                raise PrinterError(f"Chromium đã dừng giữa chừng (mã thoát {self._process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        try:
            return json.loads(message)
        except ValueError as exc:
            raise PrinterError(f"Chromium gửi một thông điệp hỏng: {exc}") from exc

    def _call(self, method: str, params: dict | None = None, session: str | None = None,
              wait_event: str | None = None, deadline: float | None = None) -> dict:  # fmt: skip
        """Send a command and return its result; with ``wait_event``, also wait for that event of the session."""
        deadline = deadline or time.monotonic() + self.timeout
        ident = self._send(method, params, session)
        result, event_seen = None, wait_event is None
        while result is None or not event_seen:
            message = self._receive(deadline)
            if message.get("id") == ident:
                if "error" in message:
                    raise PrinterError(f"{method}: {message['error'].get('message', message['error'])}")
                result = message.get("result", {})
            elif wait_event and message.get("method") == wait_event and message.get("sessionId") == session:
                event_seen = True
        return result

    # --- printing ---------------------------------------------------------------------------------

    def print_pdf(self, html_path: Path, pdf_path: Path) -> None:
        """Load ``html_path`` in a new tab and write it as PDF to ``pdf_path`` (A4 and margins from its CSS)."""
        deadline = time.monotonic() + self.timeout  # one deadline for the whole document, every read bounded
        target = self._call("Target.createTarget", {"url": "about:blank"}, deadline=deadline)["targetId"]
        session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True},
                             deadline=deadline)["sessionId"]  # fmt: skip
        try:
            self._call("Page.enable", session=session, deadline=deadline)
            self._call("Page.navigate", {"url": Path(html_path).resolve().as_uri()}, session=session,
                       wait_event="Page.loadEventFired", deadline=deadline)  # fmt: skip
            printed = self._call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                                     "displayHeaderFooter": False}, session=session,
                                 deadline=deadline)  # fmt: skip
        finally:
            if self._process.poll() is None:
                try:
                    self._call("Target.closeTarget", {"targetId": target}, deadline=time.monotonic() + 5)
                except PrinterError:
                    self.kill()
        Path(pdf_path).write_bytes(base64.b64decode(printed["data"]))

    def kill(self) -> None:
        """End the browser and every process it started (its process group), at once, and wait until they are
        gone (a killed process runs on for an instant; its profile folder is removed only after)."""
        try:
            os.killpg(self._process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + 5
        while _group_running(self._process.pid) and time.monotonic() < deadline:
            time.sleep(0.01)

    @property
    def closed(self) -> bool:
        return getattr(self, "_closed", False)

    def close(self) -> None:
        """End the browser and its helpers and remove its profile (once is enough; later calls do nothing new)."""
        self._closed = True
        try:
            # Killed, not asked to close: its profile is a throwaway folder with nothing to save, and a polite
            # Browser.close waits for every renderer to wind down (a tenth of a second or more, at every run).
            self.kill()
        finally:
            for fd in (self._to_browser, self._from_browser):
                try:
                    os.close(fd)
                except OSError:
                    pass
            remove_singleton_folder(self._profile)
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> PdfPrinter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _group_running(group: int) -> bool:
    """True while a process of ``group`` still runs (zombies, dead but not yet reaped, do not count)."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) == group and fields[0] not in (b"Z", b"X"):
            return True
    return False
