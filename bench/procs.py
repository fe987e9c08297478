"""Child processes: timed runs with their own peak memory, servers, and stopping all of them."""

import contextlib
import http.client
import os
import resource
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One finished (or stopped) child process."""

    returncode: int
    seconds: float
    peak_mb: float  # ru_maxrss from wait4: the largest single process among the child and its children
    timed_out: bool
    tree_peak_mb: float = 0.0  # the most that the child and all its descendants held at once (sampled)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class Processes:
    """Every process the bench starts, each in its own process group, so each can be stopped whole."""

    def __init__(self) -> None:
        self._started: list[subprocess.Popen[bytes]] = []

    def run(self, args: Sequence[str], *, env: dict[str, str], cwd: Path, log: Path, timeout: float) -> Run:
        """Run to the end (or until `timeout`); wall time and the child's own peak RSS."""
        with log.open("wb") as out:
            started = time.perf_counter()
            proc = subprocess.Popen(
                list(args), env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
            self._started.append(proc)
            expired = threading.Event()

            def expire() -> None:
                expired.set()
                self._signal_group(proc.pid, signal.SIGKILL)

            timer = threading.Timer(timeout, expire)
            timer.start()
            sampler = TreeMemory(proc.pid)
            sampler.start()
            try:
                # wait4, not wait: it gives this child's own rusage (RUSAGE_CHILDREN would be the
                # maximum over every child reaped so far).
                _, status, usage = os.wait4(proc.pid, 0)
            finally:
                timer.cancel()
                sampler.stop()
            seconds = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            self._signal_group(proc.pid, signal.SIGKILL)  # anything it left behind in its group
        return Run(proc.returncode, seconds, usage.ru_maxrss / 1024, expired.is_set(), sampler.peak_mb)

    def start(
        self, args: Sequence[str], *, env: dict[str, str], cwd: Path, log: Path
    ) -> subprocess.Popen[bytes]:
        """Start a long-running process (a server); `stop` or `stop_all` ends it."""
        with log.open("wb") as out:
            proc = subprocess.Popen(
                list(args), env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._started.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
        """SIGTERM to the process's group, SIGKILL after `grace` seconds; then reap it."""
        if proc.returncode is not None:
            return
        self._signal_group(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self._signal_group(proc.pid, signal.SIGKILL)
            proc.wait(timeout=grace)
        self._signal_group(proc.pid, signal.SIGKILL)  # workers that outlived their parent

    def stop_all(self) -> None:
        """Stop every process started here that is still running."""
        for proc in reversed(self._started):
            with contextlib.suppress(Exception):
                self.stop(proc)

    @staticmethod
    def _signal_group(pgid: int, sig: signal.Signals) -> None:
        # The group id is the pid of a process this bench started (start_new_session=True).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, sig)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def get(port: int, target: str, timeout: float = 30.0, headers: dict[str, str] | None = None) -> HttpResponse:
    """One GET to 127.0.0.1:`port`, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", target, headers=headers or {})
        response = conn.getresponse()
        return HttpResponse(response.status, response.getheaders(), response.read())
    finally:
        conn.close()


def wait_ready(proc: subprocess.Popen[bytes], port: int, path: str, timeout: float) -> float:
    """Seconds until the server answers `path` at all; raises if it exits or never answers."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before it was ready")
        try:
            get(port, path, timeout=2.0)
            return time.perf_counter() - started
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer {path} within {timeout:.0f} s")


def self_peak_mb() -> float:
    """This process's own peak RSS, for the report's footnote."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _tree(pid: int) -> dict[int, list[str]]:
    """The /proc/PID/stat fields (after the command name) of a process and all its descendants."""
    stats: dict[int, list[str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            stats[int(stat.parent.name)] = stat.read_text().rsplit(")", 1)[1].split()
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, fields in stats.items():
            if int(fields[1]) == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    return {p: stats[p] for p in tree if p in stats}


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a process and all its descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum((int(f[11]) + int(f[12])) / ticks for f in _tree(pid).values())


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, added up."""
    page = os.sysconf("SC_PAGE_SIZE")
    return sum(int(f[21]) * page for f in _tree(pid).values()) / 2**20


class TreeMemory:
    """Samples a process tree's summed RSS in a thread: a process pool's peak is not one process's."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval = pid, interval
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            with contextlib.suppress(OSError, ValueError):
                self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            self._done.wait(self.interval)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def wait_idle(pid: int, limit: float, interval: float = 0.5, busy_share: float = 0.1) -> float | None:
    """Seconds until a server's processes use under `busy_share` of a core for two intervals running.

    A server keeps working through requests already queued when the load stops; measuring the
    next URL before that ends would charge this one's backlog to it. None if not idle by `limit`.
    """
    started = time.perf_counter()
    quiet = 0
    before = tree_cpu_seconds(pid)
    while time.perf_counter() - started < limit:
        time.sleep(interval)
        now = tree_cpu_seconds(pid)
        quiet = quiet + 1 if now - before < busy_share * interval else 0
        before = now
        if quiet >= 2:
            return max(0.0, time.perf_counter() - started - 2 * interval)
    return None
