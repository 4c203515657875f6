"""Where llmprep keeps things and which language it speaks, from the environment."""

from __future__ import annotations

import locale
import os
from pathlib import Path

LANGUAGES = ("en", "zh")


def home() -> Path:
    """The data folder: `$LLMPREP_HOME`, else the platform's user data dir."""
    env = os.environ.get("LLMPREP_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("llmprep", appauthor=False))


def builtin_bank_dir() -> Path:
    """The bank shipped with llmprep: inside the wheel, or `bank/` of a source checkout."""
    packaged = Path(__file__).with_name("_bank")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "bank"


def bank_dirs(extra: list[Path] | None = None) -> list[Path]:
    """The built-in bank, then `$LLMPREP_BANK` (os.pathsep-separated), then `--bank` folders."""
    dirs = [builtin_bank_dir()]
    for part in os.environ.get("LLMPREP_BANK", "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()).expanduser())
    dirs.extend(extra or [])
    return dirs


def default_language() -> str:
    """`$LLMPREP_LANG` if set, else `zh` for a Chinese locale, else `en`."""
    env = os.environ.get("LLMPREP_LANG", "").strip().lower()
    if env in (*LANGUAGES, "both"):
        return env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    code = locale.getlocale()[0] or ""
    return "zh" if code.lower().startswith("zh") else "en"
