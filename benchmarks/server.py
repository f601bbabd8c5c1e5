"""Start and stop a local `streamlit run dashboard.py` (localhost only), for browser tests and benchmarks."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

from components.paths import ROOT

QUIET_ENV = {"STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "PYTHONUNBUFFERED": "1"}


class ServerError(RuntimeError):
    """The server exited or never became healthy; the message ends with the tail of its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (VmRSS from /proc; psutil is not needed)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextlib.contextmanager
def serve_dashboard(
    log_path: Path,
    *,
    python: str | Path = sys.executable,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    timeout_s: float = 90,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run the dashboard on a free localhost port; yield (base URL, process) once /_stcore/health says ok.

    `env` replaces the inherited environment (default: os.environ); the process group is always stopped.
    """
    port = free_port()
    cmd = [
        str(python), "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    log_path.parent.mkdir(parents=True, exist_ok=True)
    full_env = {**(os.environ if env is None else env), **QUIET_ENV}
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        base = f"http://localhost:{port}"
        wait_until_healthy(proc, base, log_path, timeout_s)
        yield base, proc
    finally:
        stop_server(proc)


def wait_until_healthy(proc: subprocess.Popen, base: str, log_path: Path, timeout_s: float) -> None:
    """Poll /_stcore/health until it answers ok; raise ServerError if the process exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerError(f"streamlit exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise ServerError(f"streamlit not healthy after {timeout_s} s:\n{log_path.read_text()[-3000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop the server's process group: SIGTERM, then SIGKILL after 10 s."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
