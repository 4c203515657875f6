"""Mistake: a tie between equally frequent pairs goes to the pair with the smallest ids, not to
the pair that occurs first in the sequence."""

from collections import Counter
from itertools import pairwise


class BPETokenizer:
    def __init__(self, vocab_size=300):
        self.vocab_size = vocab_size
        self.merges = []

    @staticmethod
    def _merge(ids, pair, new_id):
        out, i = [], 0
        while i < len(ids):
            if ids[i : i + 2] == list(pair):
                out.append(new_id)
                i += 2
            else:
                out.append(ids[i])
                i += 1
        return out

    def train(self, text):
        ids = list(text.encode("utf-8"))
        self.merges = []
        for new_id in range(256, self.vocab_size):
            counts = Counter(pairwise(ids))
            if not counts:
                break
            pair = min(counts, key=lambda p: (-counts[p], p))  # ties: smallest ids
            ids = self._merge(ids, pair, new_id)
            self.merges.append((pair, new_id))
        return self

    def encode(self, text):
        ids = list(text.encode("utf-8"))
        for pair, new_id in self.merges:
            ids = self._merge(ids, pair, new_id)
        return ids

    def decode(self, ids):
        vocab = {i: bytes([i]) for i in range(256)}
        for (a, b), new_id in self.merges:
            vocab[new_id] = vocab[a] + vocab[b]
        return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")
