"""Mistake: trains on characters (code points, ord(c)) instead of UTF-8 bytes.

Every round trip works (the vocabulary holds strings), but a Chinese character is an id such as
23383, far outside vocab_size, and the merges are not those of the bytes.
"""

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
        ids = [ord(char) for char in text]
        self.merges = []
        for new_id in range(256, self.vocab_size):
            counts = Counter(pairwise(ids))
            if not counts:
                break
            pair = max(counts, key=counts.get)
            ids = merge(ids, pair, new_id)
            self.merges.append((pair, new_id))
        return self

    def encode(self, text):
        ids = [ord(char) for char in text]
        for pair, new_id in self.merges:
            ids = merge(ids, pair, new_id)
        return ids

    def decode(self, ids):
        pieces = {}
        for (a, b), new_id in self.merges:
            pieces[new_id] = pieces.get(a, chr(a)) + pieces.get(b, chr(b))
        return "".join(pieces.get(i, chr(i)) for i in ids)
