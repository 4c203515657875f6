"""Mistake: decode decodes each token's bytes on its own and joins the strings, so a character
whose UTF-8 bytes are split between tokens becomes U+FFFD."""

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
        ids = list(text.encode("utf-8"))
        for pair, new_id in self.merges:
            ids = merge(ids, pair, new_id)
        return ids

    def decode(self, ids):
        return "".join(self.vocab[i].decode("utf-8", errors="replace") for i in ids)
