"""The grader's default limits, kept apart so the CLI can show them without importing the runner."""

DEFAULT_TIMEOUT = 60.0  # seconds of wall-clock time for the whole run
DEFAULT_MEMORY = 2 * 2**30  # bytes of address space for the grading process
