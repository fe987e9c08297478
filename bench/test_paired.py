"""The paired walk gives each URL to one server only, half to each, each side going first half
the time: a slow spell of the machine falls on both."""

import socket
from pathlib import Path

import pytest

from bench.paired import SIDES, Paired, main, measure, turns


def test_each_url_goes_to_one_side_and_the_sides_take_turns_going_first() -> None:
    urls = [f"/meetings/m{i}" for i in range(40)]
    given = turns(urls)
    assert [url for _, url in given] == urls
    sides = [side for side, _ in given]
    assert sides.count("before") == sides.count("after") == 20
    pairs = [sides[i : i + 2] for i in range(0, len(sides), 2)]
    assert all(sorted(pair) == sorted(SIDES) for pair in pairs)
    firsts = [pair[0] for pair in pairs]
    assert firsts.count("before") == firsts.count("after") == 10


def test_the_report_line_gives_both_sides_and_the_change_of_the_median() -> None:
    line = Paired("topic-year", before=[50.0, 60.0, 55.0], after=[30.0, 35.0, 33.0]).line()
    assert line.startswith("| topic-year | 3 | p50   55.0")
    assert "p50   33.0" in line
    assert line.endswith("| 0.60× |")


def test_a_server_that_is_not_there_is_named() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    servers = {"before": f"http://127.0.0.1:{port}", "after": f"http://127.0.0.1:{port}"}
    with pytest.raises(SystemExit, match=rf"--before http://127.0.0.1:{port}: /a was not answered"):
        measure("meeting", ["/a", "/b"], servers)


def test_an_archive_that_is_not_there_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(SystemExit):
        main([str(missing), "--before", "http://127.0.0.1:1", "--after", "http://127.0.0.1:2"])
    assert f"archive: no SQLite file at {missing}" in capsys.readouterr().err
