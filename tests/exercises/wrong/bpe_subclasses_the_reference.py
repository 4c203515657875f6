"""Mistake: subclasses llmprep's own reference tokenizer instead of writing BPE.

Every result is right, so only the task's rule catches it.
"""

from llmprep.solutions.bpe import BPETokenizer as Reference


class BPETokenizer(Reference):
    """Byte-level BPE, by inheritance."""
