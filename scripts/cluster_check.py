"""The multi-server deployment of compose.yaml, run for real on this machine without Docker.

A throwaway PostgreSQL (scripts/throwaway-postgres), migrated once; three `tracker serve`
servers on loopback ports; Debian's nginx in front of them with deploy/nginx.conf.template (its
server name set to `localhost`, its upstream and listen lines pointed at loopback ports), run as
an unprivileged master with its own prefix, pid and temporary paths. Then, checked and measured:

0. nginx answers its server name, and closes the connection without an answer (444) for any
   other Host, so no server renders a page for it;

1. an ingest of seeds/ from one place reaches every server within 2 s of its last commit;
2. a bounded, steady load through nginx loses no request while one server is killed with
   SIGKILL and started again (nginx retries the next upstream);
3. /readyz answers 503, never 500 or 200, while the database is stopped, and 200 again once it
   is back.

Run it with `make cluster-check` (or `.venv/bin/python -m scripts.cluster_check`); it prints its
figures and exits 1 when a check fails. Everything it starts is stopped and deleted at the end.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import httpx
import psycopg

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TRACKER = BIN / "tracker"
NGINX_SITE = PROJECT_ROOT / "deploy" / "nginx.conf.template"
SERVER_NAME = "localhost"  # what compose.yaml's SERVER_NAME is by default
OTHER_HOSTS = ["evil.example", "127.0.0.1"]  # a name pointed here by someone else; the bare address
SERVERS = 3
PROPAGATION_LIMIT = 2.0  # seconds from the ingest's last commit to every server showing it
LOAD_THREADS = 4
LOAD_RATE = 100.0  # requests per second through nginx, at most
LOAD_MAX_REQUESTS = 3000
LOAD_PATHS = ["/", "/topics", "/ministers", "/matrix", "/api/v1/meetings", "/search?q=terrorism", "/healthz"]
OUTAGE_SECONDS = 3.0
RUN_LIMIT = 170  # seconds for the whole run: CI must never hang on it


class CheckFailed(Exception):
    """The deployment did not behave: the message says how."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def say(line: str) -> None:
    print(line, flush=True)


def wait_for(
    url: str, *, status: int = 200, seconds: float = 30.0, process: subprocess.Popen[bytes] | None = None
) -> float:
    """Poll `url` until it answers `status`; how long that took."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if process is not None and process.poll() is not None:
            raise CheckFailed(f"{process.args!r} exited with {process.returncode} before {url} answered")
        with suppress(httpx.HTTPError):
            if httpx.get(url, timeout=1.0).status_code == status:
                return time.monotonic() - started
        time.sleep(0.05)
    raise CheckFailed(f"{url} did not answer {status} within {seconds:.0f} s")


def run(command: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a command to its end; its stdout, or CheckFailed with its stderr."""
    finished = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    if finished.returncode != 0:
        raise CheckFailed(f"{' '.join(command)} failed ({finished.returncode}): {finished.stderr.strip()}")
    return finished.stdout


def as_root_or_sudo() -> list[str]:
    return [] if os.geteuid() == 0 else ["sudo"]


def nginx_binary() -> str:
    """Debian's nginx, installed when missing."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    say("installing Debian's nginx package")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run([*as_root_or_sudo(), "apt-get", "update", "-qq"], env=env)
    run([*as_root_or_sudo(), "apt-get", "install", "-y", "-qq", "nginx"], env=env)
    return "/usr/sbin/nginx"


def nginx_site(upstreams: list[int], listen: int, server_name: str = SERVER_NAME) -> str:
    """The nginx site template with its server name set, its upstream line pointed at the servers,
    and its two listen lines (the default server's and the site's) at `listen`."""
    site = NGINX_SITE.read_text()
    server_line = re.compile(r"^(\s*)server\s+app:8000([^;]*);", re.M)
    listen_line = re.compile(r"^(\s*)listen\s+80( default_server)?;", re.M)
    listens = [m.group(2) or "" for m in listen_line.finditer(site)]
    if (
        len(server_line.findall(site)) != 1
        or sorted(listens, key=bool) != ["", " default_server"]
        or len(re.findall(r"^\s*server_name \$\{SERVER_NAME\};", site, re.M)) != 1
    ):
        raise CheckFailed(
            f"{NGINX_SITE}: expected one 'server app:8000 ...;' line, one 'listen 80 default_server;' "
            "line, one 'listen 80;' line and one 'server_name ${SERVER_NAME};' line"
        )
    site = server_line.sub(
        lambda m: "\n".join(f"{m.group(1)}server 127.0.0.1:{port}{m.group(2)};" for port in upstreams), site
    )
    site = site.replace("${SERVER_NAME}", server_name)
    return listen_line.sub(rf"\g<1>listen 127.0.0.1:{listen}\g<2>;", site)


def nginx_main(prefix: Path) -> str:
    """The main configuration around the site: every path inside `prefix`."""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / 'temp' / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""# Written by scripts/cluster_check.py; the site is deploy/nginx.conf, adapted.
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    log_format cluster '$msec $status "$upstream_addr" "$upstream_status" "$request"';
    access_log {prefix / "access.log"} cluster;
{temp}
    include {prefix / "site.conf"};
}}
"""


@dataclass
class Server:
    """One `tracker serve` process on a loopback port."""

    port: int
    log: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(TRACKER), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"],
                cwd=PROJECT_ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def wait_ready(self, seconds: float = 30.0) -> float:
        return wait_for(self.url + "/readyz", seconds=seconds, process=self.process)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Cluster:
    """The database, the servers and the proxy, all inside `work`."""

    work: Path
    pg_dir: Path = field(init=False)
    database_url: str = ""
    servers: list[Server] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None
    nginx_port: int = 0
    nginx_version: str = ""
    nginx_binary: str = "nginx"
    pg_port: int = 0

    def __post_init__(self) -> None:
        self.pg_dir = self.work / "postgres"

    @property
    def proxy(self) -> str:
        return f"http://{SERVER_NAME}:{self.nginx_port}"

    def env(self) -> dict[str, str]:
        """The servers' environment: compose.yaml's, with this cluster's addresses."""
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "PYTHONUNBUFFERED": "1",
            "PUBLIC_URL": self.proxy,
            "ALLOWED_HOSTS": f"{SERVER_NAME},127.0.0.1",
        }

    def postgres(self, action: str) -> str:
        return run(
            [str(PROJECT_ROOT / "scripts" / "throwaway-postgres"), action, str(self.pg_dir)],
            env={**os.environ, "PG_TEST_PORT": str(self.pg_port)},
        )

    def start(self) -> None:
        self.pg_port = free_port()
        self.database_url = self.postgres("start").strip()
        run([str(TRACKER), "migrate"], cwd=PROJECT_ROOT, env=self.env())
        ports: list[int] = []
        while len(ports) < SERVERS + 1:  # the servers' and nginx's: distinct, and not the database's
            port = free_port()
            if port not in ports and port != self.pg_port:
                ports.append(port)
        self.nginx_port = ports.pop()
        self.servers = [
            Server(port, self.work / f"server-{n + 1}.log", self.env()) for n, port in enumerate(ports)
        ]
        for server in self.servers:
            server.start()
        self.start_nginx([server.port for server in self.servers])
        for server in self.servers:
            server.wait_ready()
        wait_for(self.proxy + "/readyz")

    def start_nginx(self, upstreams: list[int]) -> None:
        binary = self.nginx_binary
        version = subprocess.run([binary, "-v"], capture_output=True, text=True, check=False)
        self.nginx_version = (version.stderr or version.stdout).strip().removeprefix("nginx version: ")
        prefix = self.work / "nginx"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / "temp" / kind).mkdir(parents=True)
        (prefix / "site.conf").write_text(nginx_site(upstreams, self.nginx_port))
        (prefix / "nginx.conf").write_text(nginx_main(prefix))
        command = [
            binary,
            "-p",
            str(prefix),
            "-c",
            str(prefix / "nginx.conf"),
            "-e",
            str(prefix / "error.log"),
            "-g",
            "daemon off;",
        ]
        if os.geteuid() == 0:  # an unprivileged master: nginx needs no root on a high port
            shutil.chown(prefix, "nobody")
            for path in prefix.rglob("*"):
                shutil.chown(path, "nobody")
            command = ["runuser", "-u", "nobody", "--", *command]
        run([*command[:-2], "-t"])  # the configuration is valid, or the error says why
        self.nginx = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_for(self.proxy + "/healthz", process=self.nginx)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        if self.pg_dir.exists():
            subprocess.run(
                [str(PROJECT_ROOT / "scripts" / "throwaway-postgres"), "stop", str(self.pg_dir)],
                check=False,
                stdin=subprocess.DEVNULL,
            )

    def access_log(self) -> list[str]:
        return (self.work / "nginx" / "access.log").read_text().splitlines()


@contextmanager
def polling(every: float, poll: Callable[[], None]) -> Iterator[None]:
    """Call `poll` every `every` seconds on a thread of its own while the block runs."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            poll()
            stop.wait(every)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def check_hosts(cluster: Cluster) -> dict[str, str]:
    """What a page through nginx answers for its server name and for other Hosts: a status, or
    `closed` when the connection ends without an answer."""
    answered: dict[str, str] = {}
    for host in [SERVER_NAME, *OTHER_HOSTS]:
        with httpx.Client(timeout=5.0) as client:  # a connection of its own for each
            try:
                answered[host] = str(client.get(cluster.proxy + "/", headers={"Host": host}).status_code)
            except httpx.RemoteProtocolError:  # "Server disconnected without sending a response"
                answered[host] = "closed"
            except httpx.HTTPError as exc:
                answered[host] = exc.__class__.__name__
    return answered


def statements_total(client: httpx.Client, base: str) -> int | None:
    with suppress(httpx.HTTPError, ValueError, KeyError):
        response = client.get(base + "/api/v1/statements?per_page=1")
        if response.status_code == 200:
            total: int = response.json()["total"]
            return total
    return None


def check_propagation(cluster: Cluster) -> dict[str, float]:
    """Ingest the seeds once; seconds from its last commit to each server showing what it committed."""
    seen_versions: list[tuple[float, int]] = []
    seen_totals: dict[int, list[tuple[float, int | None]]] = {server.port: [] for server in cluster.servers}
    database = psycopg.connect(
        cluster.database_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
    )
    clients = {server.port: httpx.Client(timeout=5.0) for server in cluster.servers}

    def poll_database() -> None:
        row = database.execute("SELECT version FROM data_version WHERE id = 1").fetchone()
        seen_versions.append((time.monotonic(), row[0] if row else 0))

    def poller(server: Server) -> Callable[[], None]:
        return lambda: seen_totals[server.port].append(
            (time.monotonic(), statements_total(clients[server.port], server.url))
        )

    started = time.monotonic()
    with ExitStack() as running:
        running.enter_context(polling(0.005, poll_database))
        for server in cluster.servers:
            running.enter_context(polling(0.02, poller(server)))
        summary = run([str(TRACKER), "ingest"], cwd=PROJECT_ROOT, env=cluster.env())
        ingest_seconds = time.monotonic() - started
        time.sleep(PROPAGATION_LIMIT + 0.5)
    database.close()
    for client in clients.values():
        client.close()
    say(f"ingest of seeds/ from one place: {ingest_seconds:.2f} s ({summary.splitlines()[0]})")
    final_version = seen_versions[-1][1]
    committed = next(at for at, version in seen_versions if version == final_version)
    finals = {seen[-1][1] for seen in seen_totals.values()}
    if len(finals) != 1 or None in finals or finals == {0}:
        raise CheckFailed(
            f"the servers do not agree on the ingested data after {PROPAGATION_LIMIT + 0.5} s: {finals}"
        )
    final_total = finals.pop()
    propagation: dict[str, float] = {}
    for n, server in enumerate(cluster.servers, 1):
        showing = next(
            at for at, total in seen_totals[server.port] if total == final_total
        )  # seen: see above
        propagation[f"server {n}"] = max(0.0, showing - committed)
    return propagation


@dataclass
class Load:
    """A steady stream of GETs through nginx from a few threads, bounded in rate and count."""

    base: str
    stop: threading.Event = field(default_factory=threading.Event)
    sent: int = 0
    lost: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def worker(self, offset: int) -> None:
        interval = LOAD_THREADS / LOAD_RATE
        with httpx.Client(timeout=10.0) as client:
            n = offset
            while not self.stop.is_set():
                with self.lock:
                    if self.sent >= LOAD_MAX_REQUESTS:
                        return
                    self.sent += 1
                path = LOAD_PATHS[n % len(LOAD_PATHS)]
                n += 1
                began = time.monotonic()
                try:
                    status = client.get(self.base + path).status_code
                    if status != 200:
                        self.record(f"{path}: {status}")
                except httpx.HTTPError as exc:
                    self.record(f"{path}: {exc.__class__.__name__}")
                self.stop.wait(max(0.0, interval - (time.monotonic() - began)))

    def record(self, problem: str) -> None:
        with self.lock:
            self.lost.append(problem)

    @contextmanager
    def running(self) -> Iterator["Load"]:
        threads = [threading.Thread(target=self.worker, args=(n,), daemon=True) for n in range(LOAD_THREADS)]
        for thread in threads:
            thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            for thread in threads:
                thread.join()


# One line of the access log written by the log_format in nginx_main().
ACCESS_LINE = re.compile(
    r'(?P<at>\S+) (?P<status>\d+) "(?P<upstreams>[^"]*)" "(?P<statuses>[^"]*)" "(?P<request>.*)"'
)


@dataclass
class KillFigures:
    sent: int
    lost: list[str]
    retried: int  # requests nginx sent on to another server after the killed one failed them
    down: float  # seconds from the SIGKILL to the restarted server's first 200 on /readyz
    ready_after_start: float
    answered_before_kill: int  # requests through nginx the server answered before it was killed
    answered_after_return: int  # ... and after it was started again


def check_kill(cluster: Cluster) -> KillFigures:
    """Kill one server with SIGKILL under load, start it again; what the load saw."""
    victim = cluster.servers[1]
    started_at = time.time()
    with Load(cluster.proxy).running() as load:
        time.sleep(1.5)
        victim.kill()
        killed_at = time.time()
        time.sleep(1.5)  # nginx meets the dead server, and retries on the others
        victim.start()
        ready_after_start = victim.wait_ready()
        back_at = time.time()
        time.sleep(3.5)  # beyond nginx's fail_timeout: the restarted server takes requests again
    address = f"127.0.0.1:{victim.port}"
    retried = before = after = 0
    for line in cluster.access_log():
        logged = ACCESS_LINE.fullmatch(line)
        if logged is None or float(logged["at"]) < started_at:
            continue
        at, upstreams, statuses = float(logged["at"]), logged["upstreams"], logged["statuses"]
        retried += address in upstreams and ", " in upstreams
        answered = upstreams == address and statuses == "200"
        before += at < killed_at and answered
        after += at > back_at and answered
    return KillFigures(load.sent, load.lost, retried, back_at - killed_at, ready_after_start, before, after)


@dataclass
class OutageFigures:
    readyz: Counter[str]  # statuses of /readyz on each server and through nginx
    pages: Counter[str]  # statuses of a page through nginx
    recovered: float  # seconds from the database's return to /readyz 200 on every server
    page_after: str


def check_outage(cluster: Cluster) -> OutageFigures:
    """Stop the database; what /readyz and a page answer meanwhile, and how soon /readyz recovers."""
    readyz: Counter[str] = Counter()
    pages: Counter[str] = Counter()
    with httpx.Client(timeout=5.0) as client:

        def status(url: str) -> str:
            try:
                return str(client.get(url).status_code)
            except httpx.HTTPError as exc:
                return exc.__class__.__name__

        cluster.postgres("pause")
        stopped = time.monotonic()
        while time.monotonic() - stopped < OUTAGE_SECONDS:
            for server in cluster.servers:
                readyz[status(server.url + "/readyz")] += 1
            readyz[status(cluster.proxy + "/readyz")] += 1
            pages[status(cluster.proxy + "/api/v1/meetings")] += 1
            time.sleep(0.1)
        cluster.postgres("resume")
        resumed = time.monotonic()
        for server in cluster.servers:
            server.wait_ready(seconds=20.0)
        recovered = time.monotonic() - resumed
        page_after = status(cluster.proxy + "/api/v1/meetings")
    return OutageFigures(readyz, pages, recovered, page_after)


def counts(counter: Counter[str]) -> str:
    return ", ".join(f"{status} x{n}" for status, n in sorted(counter.items()))


def run_checks(cluster: Cluster) -> list[str]:
    """Start the cluster and run the three checks, printing the figures; the failures."""
    failures: list[str] = []
    cluster.start()
    say(
        f"cluster: PostgreSQL on 127.0.0.1:{cluster.pg_port}; {SERVERS} servers, one worker each, on ports "
        f"{', '.join(str(s.port) for s in cluster.servers)}; {cluster.nginx_version} on "
        f"127.0.0.1:{cluster.nginx_port}"
    )

    hosts = check_hosts(cluster)
    say(
        "a page through nginx, by Host: "
        + ", ".join(f"{host} {outcome}" for host, outcome in hosts.items())
        + f" (only {SERVER_NAME} is answered)"
    )
    if hosts[SERVER_NAME] != "200":
        failures.append(f"the server name {SERVER_NAME} got {hosts[SERVER_NAME]} through nginx, not 200")
    for host in OTHER_HOSTS:
        if hosts[host] != "closed":
            failures.append(f"Host: {host} got {hosts[host]} through nginx: its connection should close")

    propagation = check_propagation(cluster)
    say(
        "propagation after the ingest's last commit: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in propagation.items())
        + f" (limit {PROPAGATION_LIMIT:.0f} s)"
    )
    if max(propagation.values()) > PROPAGATION_LIMIT:
        failures.append(f"a server showed the ingest {max(propagation.values()):.2f} s after it committed")

    kill = check_kill(cluster)
    say(
        f"load through nginx while server 2 was killed (SIGKILL) and restarted: {kill.sent} requests "
        f"sent, {len(kill.lost)} lost, {kill.retried} retried by nginx on another server; server 2 was "
        f"out {kill.down:.1f} s (ready {kill.ready_after_start:.1f} s after its start) and answered "
        f"{kill.answered_before_kill} requests before, {kill.answered_after_return} after"
    )
    if kill.lost:
        failures.append(f"{len(kill.lost)} requests lost while a server was killed: {Counter(kill.lost)}")
    if not kill.answered_before_kill or not kill.answered_after_return:
        failures.append("nginx sent nothing to server 2 before it was killed, or after it was restarted")

    outage = check_outage(cluster)
    say(
        f"database stopped for {OUTAGE_SECONDS:.0f} s: /readyz (each server and nginx) answered "
        f"{counts(outage.readyz)}; /api/v1/meetings through nginx answered {counts(outage.pages)}; "
        f"/readyz was 200 on every server {outage.recovered:.2f} s after the database returned, "
        f"and the page answered {outage.page_after}"
    )
    if set(outage.readyz) != {"503"}:
        failures.append(
            f"/readyz answered {counts(outage.readyz)} while the database was down: only 503 is right"
        )
    if outage.page_after != "200":
        failures.append(f"/api/v1/meetings answered {outage.page_after} after the database returned")
    return failures


def main() -> int:
    """Run the checks on a cluster of its own, then stop and delete it; 1 when a check fails."""

    def out_of_time(_signal: int, _frame: FrameType | None) -> None:
        raise CheckFailed(f"the run took longer than {RUN_LIMIT} s")

    try:
        binary = nginx_binary()  # before the clock starts: installing it may take a while
    except CheckFailed as exc:
        say(f"error: {exc}")
        return 1
    signal.signal(signal.SIGALRM, out_of_time)
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(1))  # so that the cleanup runs
    signal.alarm(RUN_LIMIT)
    began = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="tracker-cluster."))
    work.chmod(0o755)  # the postgres and nobody users work inside it
    cluster = Cluster(work, nginx_binary=binary)
    try:
        failures = run_checks(cluster)
    except CheckFailed as exc:
        failures = [str(exc)]
    finally:
        signal.alarm(0)
        cluster.stop()
    if failures:
        say(f"logs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    say(f"cluster check {'FAILED' if failures else 'passed'} in {time.monotonic() - began:.0f} s")
    for failure in failures:
        say(f"error: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
