"""The question bank: YAML files of bilingual entries, loaded, validated and searched."""

from llmprep.bank.loader import check_bank, load_bank
from llmprep.bank.model import Bank, Entry, KeyPoint, Text
from llmprep.bank.problems import Problem

__all__ = ["Bank", "Entry", "KeyPoint", "Problem", "Text", "check_bank", "load_bank"]
