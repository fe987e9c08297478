"""Bad inputs too big to commit, or that only the file system can express, written on demand.

`python -m tests.bad_input.generate DIR` writes the big ones into DIR to try by hand; the
catalogue in tests/test_bad_input.py writes each into the test's own temporary folder.
"""

import os
import sys
from pathlib import Path

from app.config import PROJECT_ROOT

HERE = Path(__file__).parent
SEEDS = PROJECT_ROOT / "seeds"
# The well-formed article the crafted inputs vary: a fictional meeting (see README.md).
_ARTICLE = (HERE / "well_formed.md").read_text(encoding="utf-8")
_SENTENCE = "The two ministers also discussed the co-development of unmanned systems, officials said. "


class Unsupported(Exception):
    """This system cannot express the input (no symbolic links, say)."""


def fifty_megabytes(folder: Path) -> Path:
    """A well-formed article padded with real paragraphs to 50 MB: only its size is wrong."""
    path = folder / "fifty_megabytes.txt"
    size = 50 * 2**20
    paragraph = ("\n\n" + _SENTENCE * 10).encode("utf-8")
    head = _ARTICLE.encode("utf-8")
    with path.open("wb") as out:
        out.write(head)
        out.write(paragraph * ((size - len(head)) // len(paragraph)))
        out.write(b"." * (size - out.tell()))
    return path


def two_megabyte_line(folder: Path) -> Path:
    """The story's paragraphs joined into one line, carried on with its last sentence to 2 MB."""
    path = folder / "two_megabyte_line.md"
    front, body = _ARTICLE.split("\n---\n", 1)
    line = " ".join(body.split())
    line += (" " + _SENTENCE.strip()) * ((2 * 2**20 - len(line)) // len(_SENTENCE) + 1)
    path.write_text(front + "\n---\n" + line, encoding="utf-8")
    return path


def two_megabyte_word(folder: Path) -> Path:
    """Front matter, then one 2 MB word."""
    path = folder / "two_megabyte_word.md"
    front = _ARTICLE.split("\n---\n", 1)[0] + "\n---\n"
    path.write_text(front + "x" * 2 * 2**20 + "\n", encoding="utf-8")
    return path


def seed_under_another_name(folder: Path) -> Path:
    """A byte-for-byte copy of the first seed article under another file name."""
    path = folder / "copy_of_the_first_seed.txt"
    path.write_bytes((SEEDS / "000_bac54ace09ae3e22.txt").read_bytes())
    return path


def seed_refiled(folder: Path) -> Path:
    """The third seed's body under new front matter, with CRLF line ends: the same article."""
    path = folder / "refiled_by_another_outlet.md"
    seed = (SEEDS / "002_8c8e4bfc36085583.txt").read_text(encoding="utf-8")
    body = seed.split("\n---\n", 1)[1]
    front = (
        "---\ntitle: Japan and India condemn cross-border terror\n"
        "outlet: Another Wire\npublished: 2024-08-21\n---\n"
    )
    path.write_bytes((front + body).replace("\n", "\r\n").encode("utf-8"))
    return path


def missing_folder(folder: Path) -> Path:
    """A folder path that does not exist."""
    return folder / "no" / "such" / "folder"


def symlink_loop(folder: Path) -> Path:
    """An article name that is a symbolic link to itself."""
    path = folder / "loop.txt"
    try:
        path.symlink_to(path.name)
    except (OSError, NotImplementedError) as exc:
        raise Unsupported(f"no symbolic links here ({exc})") from exc
    return path


def unreadable(folder: Path) -> Path:
    """An article file that exists but cannot be read.

    Root reads any file whatever its mode, so there the article is a link to /proc/self/mem,
    which no process can read from its start.
    """
    path = folder / "unreadable.txt"
    path.write_text(_ARTICLE, encoding="utf-8")
    path.chmod(0)
    if not os.access(path, os.R_OK):
        return path
    path.unlink()
    memory = Path("/proc/self/mem")
    if not memory.exists():
        raise Unsupported("permissions are not enforced for this user and there is no /proc/self/mem")
    path.symlink_to(memory)
    return path


def newline_in_name(folder: Path) -> Path:
    """An empty article whose file name holds a line break."""
    path = folder / "two\nlines.txt"
    try:
        path.write_bytes(b"")
    except OSError as exc:
        raise Unsupported(f"file names cannot hold a line break here ({exc})") from exc
    return path


def main(argv: list[str]) -> int:
    """Write the big inputs into the folder named on the command line."""
    if len(argv) != 1:
        print("usage: python -m tests.bad_input.generate DIR", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    for make in (fifty_megabytes, two_megabyte_line, two_megabyte_word):
        print(make(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
