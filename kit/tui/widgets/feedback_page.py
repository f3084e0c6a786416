"""Run the young people's feedback page (kit/web) inside the app's own event loop, and say where it is."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TYPE_CHECKING

from textual.reactive import reactive
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from kit.errors import KitError
from kit.model import FEEDBACK_PORT

if TYPE_CHECKING:
    import uvicorn

# Phones reach the page over the local network; the facilitator starts it on purpose with a key.
HOST = "0.0.0.0"
PORT = FEEDBACK_PORT


class FeedbackPage(Static):
    """One line saying whether the feedback page runs and at which address; start() and stop() it."""

    running: reactive[bool] = reactive(False)

    def __init__(self, sessions: Path, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.sessions = sessions
        self.urls: list[str] = []
        self._server: uvicorn.Server | None = None

    def on_mount(self) -> None:
        self._show()

    def toggle(self) -> None:
        """Start the page if it is stopped, stop it if it runs."""
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self) -> None:
        """Listen on the port and serve the page in a worker until stopped or the screen closes."""
        from kit.web.server import make_server, page_urls

        try:
            server, sock = make_server(
                self.sessions, HOST, PORT, embedded=True, roster=self._roster, on_warning=self._warn
            )
        except KitError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        port = sock.getsockname()[1]
        self.urls = page_urls(HOST, port) or [f"port {port} of this computer's network address"]
        self._server = server
        self.running = True
        self.run_worker(self._serve(server, sock), group="feedback-page", exclusive=True, exit_on_error=False)

    def _warn(self, line: str) -> None:
        """A session file the page ignores (a second copy of a session) is said once, when it starts."""
        self.notify(line, severity="warning", timeout=20)

    def _roster(self) -> list[str]:
        """The names the app holds in memory right now: the page scrubs web comments of them too."""
        return list(getattr(self.app, "roster", []))

    async def _serve(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            await server.serve(sockets=[sock])
        finally:
            sock.close()

    def stop(self) -> None:
        """Ask the page to stop after the requests it is answering."""
        if self._server is not None:
            self._server.should_exit = True

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "feedback-page" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        self.running, self._server = False, None
        if event.state == WorkerState.ERROR:
            message = f"The feedback page stopped: {event.worker.error}. Press F9 to start it again."
            self.notify(message, severity="error")

    def watch_running(self) -> None:
        self._show()

    def _show(self) -> None:
        if self.running:
            self.update(f"Feedback page on for phones: {' or '.join(self.urls)}  (F9 stops it)")
        else:
            self.update("Feedback page off. F9 starts it for phones on this network while Follow-up is open.")
        self.set_class(self.running, "-running")
