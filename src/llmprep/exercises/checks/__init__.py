"""The exercise checks: one pytest module per exercise, run with `pytest --llmprep-impl PATH`."""
