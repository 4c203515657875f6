"""llmprep: prepare for machine-learning and large-model interviews in the terminal."""

__version__ = "0.1.0"
