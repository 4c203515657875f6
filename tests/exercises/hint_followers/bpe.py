"""Byte-level BPE tokenizer, as a learner wrote it from `llmprep start bpe`'s task and `llmprep hint bpe` alone.

The writer read nothing else (no solution, no checks); tests/exercises/test_grader.py asserts
it passes every check, which proves the hints are enough. Regenerate it if a hint changes.
"""

from collections import Counter


def merge(ids, pair, new_id):
    """Replace every occurrence of pair in ids by new_id, scanning left to right."""
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


class BPETokenizer:
    """Byte-level byte-pair encoding: the 256 byte values, then one new token per learned merge.

    Parameters
    ----------
    vocab_size : int, default=300
        256 byte tokens plus vocab_size - 256 merges.
    """

    def __init__(self, vocab_size=300):
        self.vocab_size = vocab_size
        self.merges = []  # ((a, b), new_id) in the order learned; new ids 256, 257, ...

    def train(self, text):
        """Learn vocab_size - 256 merges from the UTF-8 bytes of text; return self."""
        ids = list(text.encode("utf-8"))
        self.merges = []
        self.vocab = {i: bytes([i]) for i in range(256)}
        for new_id in range(256, self.vocab_size):
            counts = Counter(zip(ids, ids[1:], strict=False))
            if not counts:  # a single token left: no pair to merge
                break
            pair = max(counts, key=counts.get)
            ids = merge(ids, pair, new_id)
            self.merges.append((pair, new_id))
            self.vocab[new_id] = self.vocab[pair[0]] + self.vocab[pair[1]]
        return self

    def encode(self, text):
        """Return the token ids of text (a list of int): its UTF-8 bytes, then each merge in order."""
        ids = list(text.encode("utf-8"))
        for pair, new_id in self.merges:
            ids = merge(ids, pair, new_id)
        return ids

    def decode(self, ids):
        """Return the text of token ids: their bytes joined, decoded as UTF-8 (errors='replace')."""
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")
