"""compose.yaml, deploy/nginx.conf.template and scripts/cluster_check.py describe one deployment.

The cluster check runs the deployment for real (make cluster-check, in CI); these tests keep the
compose file it stands for from drifting away from it, without Docker.
"""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from app.cli import _parser
from app.config import PROJECT_ROOT
from scripts import cluster_check

COMPOSE: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())
SERVICES: dict[str, Any] = COMPOSE["services"]


def test_compose_runs_as_many_servers_as_the_cluster_check() -> None:
    assert SERVICES["app"]["deploy"]["replicas"] == cluster_check.SERVERS


def test_compose_proxy_uses_the_nginx_site_the_cluster_check_runs() -> None:
    assert (
        "./deploy/nginx.conf.template:/etc/nginx/templates/default.conf.template:ro"
        in SERVICES["proxy"]["volumes"]
    )
    assert cluster_check.NGINX_SITE == PROJECT_ROOT / "deploy" / "nginx.conf.template"


def _default(value: str) -> str:
    """What a compose `${NAME:-default}` interpolation gives when NAME is not set."""
    return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value)


def test_nginx_answers_the_host_the_app_builds_its_links_on_and_the_cluster_check_uses() -> None:
    server_name = _default(SERVICES["proxy"]["environment"]["SERVER_NAME"])
    app = SERVICES["app"]["environment"]

    assert server_name == cluster_check.SERVER_NAME
    assert urlsplit(_default(app["PUBLIC_URL"])).hostname == server_name
    assert server_name in _default(app["ALLOWED_HOSTS"]).split(",")


def test_compose_migrates_once_before_the_servers_and_the_ingest_start() -> None:
    assert SERVICES["migrate"]["command"] == ["tracker", "migrate"]
    for service in ("app", "ingest"):
        assert SERVICES[service]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}


def test_compose_and_the_image_run_commands_the_console_script_has() -> None:
    _, commands = _parser("tracker")
    image_command = re.search(r"^CMD \[(.*)\]$", (PROJECT_ROOT / "Dockerfile").read_text(), re.M)
    assert image_command
    run = [[word.strip('" ') for word in image_command.group(1).split(",")]]
    run += [service["command"] for service in SERVICES.values() if "command" in service]
    for command in run:
        assert command[0] == "tracker", command
        assert command[1] in commands, command


def test_the_site_is_pointed_at_loopback_servers_and_port() -> None:
    site = cluster_check.nginx_site([8101, 8102, 8103], 8100, "tracker.example.org")

    assert re.findall(r"^\s*server (\S+) max_fails=1 fail_timeout=2s;$", site, re.M) == [
        "127.0.0.1:8101",
        "127.0.0.1:8102",
        "127.0.0.1:8103",
    ]
    assert re.findall(r"^\s*listen (\S+)( default_server)?;$", site, re.M) == [
        ("127.0.0.1:8100", " default_server"),
        ("127.0.0.1:8100", ""),
    ]
    assert re.findall(r"^\s*server_name (\S+);$", site, re.M) == ["_", "tracker.example.org"]
    assert "${" not in site
    # Any other Host meets the default server, which closes the connection without an answer.
    assert re.search(r"listen \S+ default_server;\s*server_name _;\s*return 444;\s*\}", site)
    assert not re.search(r"^\s*server app:8000", site, re.M)
    assert "proxy_next_upstream error timeout http_502 http_503 http_504;" in site


def test_nginx_accepts_the_adapted_configuration(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (make cluster-check installs it)")
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "temp" / kind).mkdir(parents=True)
    (tmp_path / "site.conf").write_text(cluster_check.nginx_site([8101, 8102, 8103], 8100))
    (tmp_path / "nginx.conf").write_text(cluster_check.nginx_main(tmp_path))

    tested = subprocess.run(
        [
            nginx,
            "-t",
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "error.log"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert tested.returncode == 0, tested.stderr
