"""Domain errors. The CLI turns each into a message on stderr and an exit code; none is a crash."""


class LlmprepError(Exception):
    """Base class of every error llmprep reports to the user instead of a traceback."""

    exit_code = 1


class UsageError(LlmprepError):
    """The user asked for something that does not exist or does not make sense."""


class BankError(LlmprepError):
    """The question bank has problems; `problems` lists every one of them."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the question bank")


class StoreError(LlmprepError):
    """The progress database cannot be used (corrupt, unreadable, or from a newer llmprep)."""
