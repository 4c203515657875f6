"""Mistake: encode takes the longest vocabulary entry that matches at each position (greedy
longest match, as WordPiece does) instead of replaying the merges in training order."""

from collections import Counter
from itertools import pairwise


def merge(ids, pair, new_id):
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
            ids = merge(ids, pair, new_id)
            self.merges.append((pair, new_id))
            self.vocab[new_id] = self.vocab[pair[0]] + self.vocab[pair[1]]
        return self

    def encode(self, text):
        ids_of = {}
        for token_id, token in self.vocab.items():
            ids_of.setdefault(token, token_id)
        data, ids, start = text.encode("utf-8"), [], 0
        while start < len(data):
            end = len(data)
            while data[start:end] not in ids_of:
                end -= 1
            ids.append(ids_of[data[start:end]])
            start = end
        return ids

    def decode(self, ids):
        return b"".join(self.vocab[i] for i in ids).decode("utf-8", errors="replace")
