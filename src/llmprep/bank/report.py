"""An error report about one entry, ready to paste into the project's issue tracker."""

from __future__ import annotations

from importlib import metadata
from urllib.parse import urlencode

from llmprep import __version__
from llmprep.bank.model import Entry


def issue_page() -> str | None:
    """The project's issue page, from the `Issues` entry of pyproject's `[project.urls]`."""
    try:
        urls = metadata.metadata("llmprep").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for item in urls:
        label, _, url = item.partition(",")
        if label.strip().lower() in ("issues", "bug tracker") and url.strip():
            return url.strip()
    return None


def report_data(entry: Entry, note: str = "") -> dict:
    """What a maintainer needs to find and fix the entry: id, version, file:line, question, note."""
    note = note.strip()
    summary = note.splitlines()[0][:80] if note else "what is wrong"
    return {
        "id": entry.id,
        "version": __version__,
        "source": f"{shareable_path(entry.source)}:{entry.line}",
        "question": entry.question.to_dict(),
        "reviewed": entry.reviewed or None,
        "note": note,
        "title": f"Bank entry {entry.id}: {summary}",
    }


def shareable_path(source: str) -> str:
    """Where the entry lives, without the user's own folders: `bank/training.yaml` for the
    built-in bank (as in the repository), the file name alone for a bank of the user's."""
    from pathlib import Path

    from llmprep.config import builtin_bank_dir

    path = Path(source)
    try:
        path.resolve().relative_to(builtin_bank_dir().resolve())
    except (OSError, ValueError):
        return path.name
    return f"bank/{path.name}"


def report_markdown(data: dict) -> str:
    """The report as Markdown; the note, when there is none, is a line for the user to fill in."""
    note = data["note"] or "_Describe what is wrong and, if you can, the source that says so._"
    return "\n".join(
        [
            f"### Bank entry `{data['id']}`",
            "",
            f"- llmprep version: {data['version']}",
            f"- entry: `{data['source']}`"
            + (f" (reviewed {data['reviewed']})" if data["reviewed"] else ""),
            f"- question (en): {data['question']['en']}",
            f"- question (zh): {data['question']['zh']}",
            "",
            "#### What is wrong",
            "",
            note,
            "",
        ]
    )


def new_issue_url(page: str, data: dict) -> str:
    """A link that opens a new issue on `page` with the report filled in (GitHub's query form)."""
    # errors="replace": a note typed in a terminal that is not UTF-8 may hold undecodable bytes
    query = urlencode({"title": data["title"], "body": report_markdown(data)}, errors="replace")
    return f"{page.rstrip('/')}/new?{query}"
