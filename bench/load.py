"""HTTP load with wrk (Debian's package): a bounded run against 127.0.0.1, its --latency output parsed."""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_TIME = r"([\d.]+)(us|ms|s|m|h)"


@dataclass(frozen=True)
class Load:
    """What one load run measured; latencies in milliseconds (None when nothing completed)."""

    url: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float | None
    p90_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    errors: int  # socket errors (connect, read, write, timeout) + responses with status >= 400
    timeouts: int
    non_2xx_3xx: int
    raw: str
    server_cpu_us: float | None = None  # CPU the server's processes used per request (set by the bench)
    mean_ms: float | None = None


def ensure_wrk() -> str:
    """The wrk binary; installed from Debian with apt-get when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError("wrk is not installed; run: sudo apt-get install -y wrk")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env, stdout=subprocess.DEVNULL)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("apt-get installed wrk but it is not on PATH")
    return found


def wrk_version(wrk: str) -> str:
    out = subprocess.run([wrk, "--version"], capture_output=True, text=True, check=False)
    return (
        (out.stdout or out.stderr).splitlines()[0].split(" Copyright")[0].strip()
        if out.stdout or out.stderr
        else "?"
    )


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS[unit]


def parse_wrk(url: str, text: str) -> Load:
    """Read wrk's report (run with --latency)."""
    done = re.search(r"(\d+) requests in " + _TIME, text)
    requests = int(done.group(1)) if done else 0
    seconds = _ms(done.group(2), done.group(3)) / 1e3 if done else 0.0
    rps_match = re.search(r"Requests/sec:\s+([\d.]+)", text)
    rps = float(rps_match.group(1)) if rps_match else 0.0
    percentiles = {int(p): _ms(v, u) for p, v, u in re.findall(r"^\s+(\d+)%\s+" + _TIME, text, re.MULTILINE)}
    latency = re.search(r"Latency\s+" + _TIME + r"\s+" + _TIME + r"\s+" + _TIME, text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    socket_errors = sum(int(n) for n in sockets.groups()) if sockets else 0
    timeouts = int(sockets.group(4)) if sockets else 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    non_ok = int(bad.group(1)) if bad else 0
    completed = requests > 0 and bool(percentiles)
    return Load(
        url=url,
        requests=requests,
        seconds=seconds,
        rps=rps,
        p50_ms=percentiles.get(50) if completed else None,
        p90_ms=percentiles.get(90) if completed else None,
        p99_ms=percentiles.get(99) if completed else None,
        max_ms=_ms(latency.group(5), latency.group(6)) if completed and latency else None,
        errors=socket_errors + non_ok,
        timeouts=timeouts,
        non_2xx_3xx=non_ok,
        raw=text,
        mean_ms=_ms(latency.group(1), latency.group(2)) if completed and latency else None,
    )


def run_wrk(
    wrk: str,
    url: str,
    *,
    connections: int,
    duration: float,
    threads: int,
    timeout: float,
    headers: dict[str, str] | None = None,
) -> Load:
    """`wrk --latency` for `duration` seconds at `connections` connections; loopback only."""
    if not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise ValueError(f"load goes to 127.0.0.1 only, not {url}")
    args = [
        wrk,
        f"--threads={max(1, min(threads, connections))}",
        f"--connections={connections}",
        f"--duration={max(1, round(duration))}s",
        f"--timeout={max(1, round(timeout))}s",
        "--latency",
        *(f"--header={name}: {value}" for name, value in (headers or {}).items()),
        url,
    ]
    # wrk stops itself at --duration; the outer limit only guards against a hang.
    out = subprocess.run(args, capture_output=True, text=True, timeout=duration + timeout + 30, check=False)
    return parse_wrk(url, out.stdout + out.stderr)
