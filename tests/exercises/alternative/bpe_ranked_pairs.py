"""A correct byte-level BPE in another style: merges kept as a dict {(a, b): new_id}, ties
decided by an explicit first position, encoding by repeatedly merging the adjacent pair of
lowest rank (as GPT-2's encoder does), and decoding by expanding ids recursively."""


def _replace(ids, pair, new_id):
    result = []
    i = 0
    while i < len(ids):
        if ids[i] == pair[0] and i + 1 < len(ids) and ids[i + 1] == pair[1]:
            result.append(new_id)
            i += 2
        else:
            result.append(ids[i])
            i += 1
    return result


class BPETokenizer:
    def __init__(self, vocab_size=300):
        self.vocab_size = vocab_size
        self.merges = {}

    def train(self, text):
        ids = list(text.encode("utf-8"))
        merges = {}
        while 256 + len(merges) < self.vocab_size and len(ids) > 1:
            counts, first = {}, {}
            for position in range(len(ids) - 1):
                pair = (ids[position], ids[position + 1])
                counts[pair] = counts.get(pair, 0) + 1
                first.setdefault(pair, position)
            best = max(counts, key=lambda pair: (counts[pair], -first[pair]))
            merges[best] = 256 + len(merges)
            ids = _replace(ids, best, merges[best])
        self.merges = merges
        return self

    def encode(self, text):
        ids = list(text.encode("utf-8"))
        while len(ids) > 1:
            ranked = [
                (self.merges[pair], pair)
                for pair in set(zip(ids[:-1], ids[1:], strict=True))
                if pair in self.merges
            ]
            if not ranked:
                break
            rank, pair = min(ranked)
            ids = _replace(ids, pair, rank)
        return ids

    def _bytes(self, token, parts):
        if token < 256:
            return bytes([token])
        a, b = parts[token]
        return self._bytes(a, parts) + self._bytes(b, parts)

    def decode(self, ids):
        parts = {new_id: pair for pair, new_id in self.merges.items()}
        data = b"".join(self._bytes(token, parts) for token in ids)
        return data.decode("utf-8", errors="replace")
