"""The CLI's command groups: each module defines commands and a `register(app)` that adds them.

These modules (and `cli.py`) do not use `from __future__ import annotations`: Typer reads every
command's signature at every start, and string annotations would make it compile and evaluate
each one again, a tenth of the start-up time of `llmprep show`.
"""
