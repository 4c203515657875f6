"""Mistake: encode merges the most frequent learned pair of its input first, as training would,
instead of replaying the merges in the order they were learned."""

from collections import Counter
from itertools import pairwise


def replace_pair(ids, pair, new_id):
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
    def __init__(self, vocab_size=300):
        self.vocab_size = vocab_size
        self.merges = []

    def train(self, text):
        ids = list(text.encode("utf-8"))
        self.merges = []
        self.vocab = {i: bytes([i]) for i in range(256)}
        for new_id in range(256, self.vocab_size):
            counts = Counter(pairwise(ids))
            if not counts:
                break
            pair = max(counts, key=counts.get)
            ids = replace_pair(ids, pair, new_id)
            self.merges.append((pair, new_id))
            self.vocab[new_id] = self.vocab[pair[0]] + self.vocab[pair[1]]
        return self

    def encode(self, text):
        ids = list(text.encode("utf-8"))
        learned = dict(self.merges)
        while True:
            counts = Counter(pair for pair in pairwise(ids) if pair in learned)
            if not counts:
                return ids
            pair = max(counts, key=counts.get)  # the input's most frequent pair: wrong
            ids = replace_pair(ids, pair, learned[pair])

    def decode(self, ids):
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")
