"""The README shows the commands as a user types them, and names what a user can reach."""

import re
from pathlib import Path

from app.cli import _parser
from app.config import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
CODE_BLOCKS = "\n".join(re.findall(r"^```[a-z]*\n(.*?)^```", README, re.S | re.M))


def test_examples_use_the_console_script_not_python_dash_m() -> None:
    assert "python -m app" not in CODE_BLOCKS
    assert "python -m app" not in re.sub(r"\(`python -m app` does the same[^)]*\)", "", README)
    assert re.search(r"^tracker ingest ", CODE_BLOCKS, re.M)


def test_every_command_is_shown_with_the_console_script() -> None:
    _, commands = _parser("tracker")

    for command in commands:
        assert re.search(rf"^tracker {command}\b", CODE_BLOCKS, re.M), command


def test_serve_workers_feeds_and_probes_are_documented() -> None:
    for mentioned in (
        "--workers",
        "/feeds/meetings.atom",
        "/feeds/topics/{slug}.atom",
        "/healthz",
        "/readyz",
    ):
        assert f"`{mentioned}" in README or f" {mentioned}" in README, mentioned


def test_the_scale_out_section_gives_the_cluster_checks_figures() -> None:
    section = README.split("## Scaling out", 1)[1].split("\n## ", 1)[0]

    assert "make cluster-check" in section
    assert re.search(r"lost 0 of \d", section)
    assert re.search(r"0\.\d+ to \d\.\d+ s after the last commit", section)


def test_every_setting_is_documented() -> None:
    from app.config import Settings

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}`" not in readme]
    assert missing == []
