"""Figures written into the docs by the benchmark that measured them, with the date and the
machine: a figure in ``docs/speed.md`` is never typed by hand.

Each benchmark owns a block of the doc between ``<!-- bench:NAME -->`` and
``<!-- /bench:NAME -->`` (NAME: its module, ``bench.facet_memory``); ``write_figures``
replaces that block's text — a stamp line, then the tables — and leaves the prose around it
alone. ``tests/test_docs.py`` checks that every table of figures is inside such a block.
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from geo.files import write_atomic
from geo.paths import REPO_ROOT

SPEED_DOC = REPO_ROOT / "docs" / "speed.md"
_BLOCK = re.compile(
    r"<!-- bench:(?P<name>[\w.\-/]+) -->\n(?P<body>.*?)<!-- /bench:(?P=name) -->", re.DOTALL
)
STAMP = re.compile(
    r"^\*Written by `python -m (?P<name>[\w.]+)[^`]*` on (?P<date>\d{4}-\d{2}-\d{2}): "
    r"(?P<machine>[^*]+)\.\*$",
    re.MULTILINE,
)


def machine() -> str:
    """This machine, as a figure's reader needs it: cores, CPU model, Python, system."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        model = f" ({found.group(1).strip()})" if found else ""
    system = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    return f"{os.cpu_count()} cores{model}, Python {platform.python_version()}, {system}"


def stamp(command: str, *, on: date | None = None, where: str | None = None) -> str:
    """The line that opens a block: which command wrote it, when and where."""
    return f"*Written by `python -m {command}` on {(on or date.today()).isoformat()}: {where or machine()}.*"


def block_name(module: str, argv: list[str] | None = None) -> str:
    """The block a run of ``module`` writes: its own, or, measured alongside another
    checkout (``--before DIR``), one named by that checkout's commit (``bench/before-590816c``)."""
    argv = sys.argv[1:] if argv is None else argv
    if "--before" not in argv or argv.index("--before") + 1 >= len(argv):
        return module
    checkout = argv[argv.index("--before") + 1]
    rev = subprocess.run(
        ["git", "-C", checkout, "rev-parse", "--short=7", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    return f"{module}/before-{rev or Path(checkout).name}"


def blocks(text: str) -> dict[str, str]:
    """Each benchmark's block of ``text``: its name → its body."""
    return {m["name"]: m["body"] for m in _BLOCK.finditer(text)}


def write_figures(
    name: str, markdown: str, *, command: str | None = None, doc: Path = SPEED_DOC
) -> None:
    """Replace benchmark ``name``'s block of ``doc`` with a stamp and ``markdown`` (the
    block is added at the end when the doc has none yet). ``command``: how it was run, when
    not plain ``python -m NAME``."""
    body = f"{stamp(command or name)}\n\n{markdown.strip()}\n"
    block = f"<!-- bench:{name} -->\n{body}<!-- /bench:{name} -->"
    text = doc.read_text("utf-8")
    found = [m for m in _BLOCK.finditer(text) if m["name"] == name]
    if found:
        text = text[: found[0].start()] + block + text[found[0].end() :]
    else:
        text = f"{text.rstrip()}\n\n{block}\n"
    write_atomic(doc, text.encode("utf-8"))
    print(f"wrote {name}'s figures into {doc}", file=sys.stderr)


@contextlib.contextmanager
def recorded(name: str, *, command: str | None = None, doc: Path = SPEED_DOC) -> Iterator[None]:
    """Everything the block prints goes to the terminal and, when the block ends without an
    error, into benchmark ``name``'s block of ``doc`` (``write_figures``)."""
    kept = io.StringIO()

    class _Both(io.TextIOBase):
        def write(self, text: str) -> int:
            kept.write(text)
            return terminal.write(text)

        def flush(self) -> None:
            terminal.flush()

    terminal = sys.stdout
    with contextlib.redirect_stdout(_Both()):
        yield
    write_figures(
        name,
        kept.getvalue(),
        command=command or " ".join([name.split("/", 1)[0], *sys.argv[1:]]),  # the module
        doc=doc,
    )
