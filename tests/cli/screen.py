"""Reading the CLI's output as a person does: the cells of one table column, run concurrently."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from tests.conftest import _run_cli

VERTICALS = "│┃|"  # Rich's box lines, and the ASCII box drawn where they cannot be encoded
HORIZONTALS = "━─-=+┏┓┗┛┡┩└┘┌┐╇╈┳┻┣┫├┤┼"


def _cells(line: str) -> list[str] | None:
    """The cells of a table row; None for a frame line (top, bottom, under the header) or text."""
    drawn = [char for char in line if not char.isspace() and char not in VERTICALS]
    if line[:1] not in VERTICALS or (drawn and all(char in HORIZONTALS for char in drawn)):
        return None
    return [cell.strip() for cell in re.split(f"[{VERTICALS}]", line)[1:-1]]


def table_column(output: str, header: str) -> str:
    """The text of the column headed `header` in the first table of `output` that has one, with
    the pieces of every folded cell joined: a folded id reads whole again, a cut one does not."""
    blocks: list[list[list[str]]] = [[]]  # runs of rows between frame lines
    for line in output.splitlines():
        cells = _cells(line)
        if cells is None:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(cells)
    for head, body in zip(blocks, blocks[1:], strict=False):
        for cells in head:
            if header in cells:
                index = cells.index(header)
                return "".join(row[index] for row in body if index < len(row))
    raise AssertionError(f"no column {header!r} in:\n{output}")


def column_or_blocks(output: str, header: str) -> str:
    """What `table_column` reads, or, where the terminal was too narrow for the table and each
    row became a block, the words that start the blocks (ids and topics, whole)."""
    try:
        return table_column(output, header)
    except AssertionError:
        firsts = [line.split()[0] for line in output.splitlines() if line[:1].strip()]
        if not firsts:
            raise
        return " ".join(firsts)


def run_many(commands: list[tuple], env: dict, workers: int = 4) -> list:
    """Run each `(args, stdin)` of `commands` as `llmprep ARGS`, a few at a time, in order."""
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda item: _run_cli(*item[0], env=env, input=item[1]), commands))


def crashed(result) -> bool:
    """Whether a run ended in a Python traceback instead of a message."""
    return "Traceback (most recent call last)" in result.stderr + result.stdout
