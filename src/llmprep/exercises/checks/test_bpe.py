"""Checks of the `bpe` exercise: the candidate's BPETokenizer against the reference solution.

Byte-level BPE has no tolerance to speak of: with the counting and tie rules the task states, the
merges, and so the token ids of any text, are determined, and must equal the reference's exactly.
The round trip decode(encode(s)) == s must hold for any string, including the empty one, text
never seen in training, and random strings drawn (under fixed seeds) from many scripts.

PYTEST_DONT_REWRITE
"""

import functools
import random
import traceback
from numbers import Integral

import pytest

from llmprep.exercises.checks._rules import check_numpy_only
from llmprep.exercises.isolation import SharedState, shared_state_note
from llmprep.solutions.bpe import BPETokenizer as Reference
from llmprep.solutions.bpe import count_pairs, merge

ENGLISH = (
    "A tokenizer turns text into a list of integers that a language model can read. Byte-pair "
    "encoding starts from the 256 byte values and learns, one merge at a time, which pairs of "
    "neighbouring tokens to glue together. The most frequent pair in the training text becomes a "
    "new token, the text is rewritten with it, and the counting starts again. After a few "
    "thousand merges the common words of the corpus are single tokens, while rare words are "
    "spelled out in smaller pieces that the model has seen many times. Because every string is a "
    "sequence of bytes, nothing is ever unknown: a word in a new language, a typo or an emoji "
    "still has an encoding, only a longer one. The merges are kept in the order they were "
    "learned, and encoding a new text replays them in that order; the counts of the new text "
    "never matter. Decoding is the easy direction: look up the bytes of each token, join them, "
    "and read the result as UTF-8. The size of the vocabulary is a trade-off. A larger one makes "
    "the sequences shorter, so the model sees more text in the same context window, but every "
    "token needs a row in the embedding matrix and a column in the output layer, and rare tokens "
    "are trained on too few examples to learn them well. There are other ways to build a "
    "vocabulary. WordPiece merges the pair that raises the likelihood of the training data the "
    "most, and the unigram model starts from a large vocabulary and prunes the tokens that "
    "matter least. All of them share the same goal: frequent strings get short codes, and any "
    "string can still be written down."
)
CHINESE = (
    "分词器把文本变成语言模型能读的整数序列。字节对编码从二百五十六个字节值出发，每次找出训练文本中"
    "出现次数最多的相邻两个词元，把它们合并成一个新的词元，然后在合并后的文本上重新计数。常见的词"
    "最终变成一个词元，少见的词则被拆成几个常见的片段。因为任何字符串都是字节序列，所以不会出现未知"
    "词：新语言的词、错别字和表情符号都能编码，只是更长一些。编码新文本时按学习的顺序依次应用合并规"
    "则，新文本自己的频率并不重要。解码时把每个词元的字节拼起来，再按 UTF-8 读出即可。词表越大，序"
    "列越短，但嵌入矩阵也越大，罕见的词元得到的训练也越少。"
)
CODE = '''def word_counts(lines):
    """Count the words of some lines of text."""
    counts = {}
    for line in lines:
        for word in line.lower().split():
            word = word.strip(".,;:!?()[]{}'\\"")
            if word:
                counts[word] = counts.get(word, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


if __name__ == "__main__":
    for word, count in word_counts(open("book.txt", encoding="utf-8"))[:10]:
        print(f"{word:>12} {count:5d}")
'''
SCRIPTS = (
    "Café, déjà vu, naïve résumé — Ελληνικά, русский текст, العربية. 東京タワーは高い。"
    "表情符号 🙂👍🏽🚀 and flags 🇨🇳🇫🇷; a family 👩‍👩‍👧 in one grapheme. "
)
MIXED = SCRIPTS * 3 + ENGLISH[:600] + CHINESE[:120]
RUNS = "aaaaaaaaaa bbbbbbb aaaaa ab aaaa abab bbbbbbbbbbbb aaa " * 3
CORPORA = {"English": ENGLISH, "Chinese": CHINESE, "Python code": CODE, "runs": RUNS}
# Text that none of the corpora holds as such, in several scripts.
UNSEEN = (
    "Unseen text: the tokenizer was never trained on this sentence, yet it encodes it. "
    "未见过的文本也能编码：字节级 BPE 没有未知词。 Ünïcödé ✓ 🦜🦜 السلام 😀"
)
TEXTS = {
    "ASCII": "Hello, world! The quick brown fox jumps over the lazy dog. 0123456789 \t\n~",
    "Chinese": "字节级分词器能编码任何文本，包括训练时从没见过的汉字：龘靐齉。",
    "emoji": "🙂🙃 👍🏽 👩‍👩‍👧 🇨🇳 🚀✨ — emoji are 4 bytes each, some are several code points",
    "empty string": "",
    "text unseen in training": UNSEEN,
    "control characters and NUL": "a\x00b\x01\x7f\r\n\u200b\ufeff end",
}
# Code point ranges for random strings: ASCII, Latin-1, Greek, Cyrillic, CJK, kana, emoji, and
# the highest planes (4-byte UTF-8). No surrogates: they are not text and have no UTF-8 form.
RANGES = [
    (0x20, 0x7E),
    (0x0, 0x1F),
    (0xA0, 0xFF),
    (0x370, 0x3FF),
    (0x400, 0x4FF),
    (0x4E00, 0x9FFF),
    (0x3040, 0x30FF),
    (0x1F300, 0x1F64F),
    (0xE000, 0xF8FF),
    (0x10000, 0x10FFFF),
]
SEEDS = (0, 1, 2)

# What usually makes the merges differ from the reference's; ends every such failure.
MERGE_CAUSES = (
    "The usual causes: counting characters instead of the UTF-8 bytes (text.encode('utf-8')); "
    "counting the pairs of the original text instead of the current sequence after the merges "
    "so far; not counting overlapping pairs (b'aaa' holds (97, 97) twice); breaking a tie "
    "another way than the task's rule (the pair that occurs first in the current sequence)"
)
ENCODE_CAUSES = (
    "Encoding must start from the UTF-8 bytes and apply each learned merge, in training order, "
    "to the whole sequence (every occurrence, left to right). The usual causes of a difference: "
    "greedy longest match against the vocabulary (that is WordPiece, not BPE); applying each "
    "merge only to its first occurrence; applying the merges in another order; counting the "
    "pairs of the input text"
)


@functools.cache
def reference(text, vocab_size=300):
    return Reference(vocab_size).train(text)


def trained(Candidate, text, vocab_size=300):
    tokenizer = Candidate(vocab_size=vocab_size)
    tokenizer.train(text)
    return tokenizer


# -- reading what the candidate returned ----------------------------------------------------------


def merges_of(tokenizer):
    """`tokenizer.merges` as a list of ((a, b), new_id) of plain ints; a dict {(a, b): new_id}
    (in the order the merges were learned) is accepted too."""
    assert hasattr(tokenizer, "merges"), (
        "the tokenizer has no attribute merges: train must store the learned merges as "
        "self.merges, a list of ((a, b), new_id) in the order they were learned"
    )
    merges = tokenizer.merges
    if isinstance(merges, dict):
        merges = list(merges.items())
    try:
        pairs = [((int(a), int(b)), int(new_id)) for (a, b), new_id in merges]
    except (TypeError, ValueError) as error:
        shown = repr(merges)[:120]
        raise AssertionError(
            "merges must be a list of ((a, b), new_id), e.g. [((101, 32), 256), ((116, 104), 257)]"
            f", in the order the merges were learned; got {shown}"
        ) from error
    return pairs


def ids_of(result, what):
    """`result` (what encode returned) as a list of ints; a failed check says what is wrong."""
    assert result is not None, f"encode returned None {what}; it must return a list of token ids"
    assert isinstance(result, list | tuple) and all(
        isinstance(i, Integral) and not isinstance(i, bool) for i in result
    ), (
        f"encode must return a list of int token ids {what}, got "
        f"{type(result).__name__} {repr(result)[:80]}"
    )
    return [int(i) for i in result]


def encoded(tokenizer, text, what):
    return ids_of(tokenizer.encode(text), what)


def decoded(tokenizer, ids, what):
    """tokenizer.decode(ids), with the advice a UnicodeDecodeError calls for."""
    try:
        text = tokenizer.decode(list(ids))
    except UnicodeDecodeError as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        raise AssertionError(
            f"decode raised UnicodeDecodeError {what} ({error.reason}, in "
            f"{frame.filename.rsplit('/', 1)[-1]}, line {frame.lineno}): join the bytes of all "
            "the tokens first, then decode them once with "
            'bytes.decode("utf-8", errors="replace"): a token can hold part of a character, and '
            "ids cut mid-character are not valid UTF-8"
        ) from None
    assert isinstance(text, str), (
        f"decode must return a str {what}, got {type(text).__name__}: decode the joined bytes "
        'with .decode("utf-8", errors="replace")'
    )
    return text


def shown_pair(pair, vocab):
    """(a, b) with the bytes each id stands for, when known: (101, 32) = b'e' + b' '."""
    parts = [repr(vocab[i]) if i in vocab else "?" for i in pair]
    return f"{pair} = {parts[0]} + {parts[1]}"


def replayed(merges, text):
    """The UTF-8 bytes of `text` with `merges` applied in order: what encode must return."""
    ids = list(text.encode("utf-8"))
    for pair, new_id in merges:
        ids = merge(ids, pair, new_id)
    return ids


def counts_after(text, merges):
    """Pair counts of `text`'s bytes after applying `merges` (counted as the task says)."""
    return count_pairs(replayed(merges, text))


def token_bytes(merges):
    """The bytes each id stands for, from a list of merges; None if a merge uses an unknown id."""
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), new_id in merges:
        if a not in vocab or b not in vocab:
            return None
        vocab[new_id] = vocab[a] + vocab[b]
    return vocab


def check_round_trip(tokenizer, text, what):
    ids = encoded(tokenizer, text, what)
    back = decoded(tokenizer, ids, what)
    if back == text:
        return
    at = next(
        (i for i, (a, b) in enumerate(zip(back, text, strict=False)) if a != b),
        min(len(back), len(text)),
    )
    advice = ""
    if "\ufffd" in back and "\ufffd" not in text:
        advice = (
            ": your decode produced U+FFFD (the replacement character) where the text has none. "
            "Does it decode each token's bytes separately? A character's UTF-8 bytes are often "
            "split between two tokens; join the bytes of all the tokens, then decode once"
        )
    elif len(ids) and max(ids) > 255 and len(back) > len(text):
        advice = ": is a merged token decoded as more (or other) bytes than it stands for?"
    raise AssertionError(
        f"decode(encode(text)) must give the text back {what}; it differs from character {at} "
        f"on: expected {text[at : at + 12]!r}, got {back[at : at + 12]!r} "
        f"({len(text)} characters in, {len(back)} out){advice}"
    )


def random_text(rng, length):
    chars = []
    for _ in range(length):
        low, high = rng.choice(RANGES)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


# Trained with vocab_size=258: 'ab' is more frequent than 'bc' in the corpus, the opposite in the
# input, and the two overlap in the input's 'abc', so the order of the merges decides.
TRAIN_ORDER_CORPUS = "ab1ab2ab3ab4bc5bc6bc7"
TRAIN_ORDER_INPUT = "abcbcbc"


def longest_match(vocab, text):
    """Greedy longest-prefix match against the vocabulary's byte strings (WordPiece's encoding)."""
    by_bytes = {}
    for token_id, token in sorted(vocab.items()):
        by_bytes.setdefault(token, token_id)
    data, ids, start = text.encode("utf-8"), [], 0
    longest = max(len(token) for token in by_bytes)
    while start < len(data):
        for end in range(min(len(data), start + longest), start, -1):
            if data[start:end] in by_bytes:
                ids.append(by_bytes[data[start:end]])
                start = end
                break
    return ids


# -- training ----------------------------------------------------------------------------------


def test_train_returns_self(Candidate):
    """train returns self"""
    tokenizer = Candidate(vocab_size=260)
    returned = tokenizer.train(ENGLISH)
    assert returned is tokenizer, (
        "train must return self, so that BPETokenizer(300).train(text).encode(s) works; "
        f"it returned {returned!r}"
    )


def test_new_ids_count_up_from_256(Candidate):
    """merges is a list of ((a, b), new_id) with new ids 256, 257, ... in order"""
    merges = merges_of(trained(Candidate, ENGLISH, 270))
    ids = [new_id for _, new_id in merges]
    assert ids == list(range(256, 256 + len(ids))), (
        f"the new ids must be 256, 257, ... in the order the merges are learned (ids 0-255 are "
        f"the bytes), got {ids[:6]}{' ...' if len(ids) > 6 else ''}"
    )
    assert len(merges) == 14, (
        f"vocab_size=270 means 270 - 256 = 14 merges on this corpus, got {len(merges)}: learn "
        "vocab_size - 256 merges (the 256 byte values count towards the vocabulary)"
    )


@pytest.mark.parametrize("name", ["English", "Chinese"])
def test_first_merge_is_the_most_frequent_pair(Candidate, name):
    """the first merge is the most frequent adjacent byte pair of the corpus"""
    text = CORPORA[name]
    merges = merges_of(trained(Candidate, text, 257))
    assert merges, "train learned no merge with vocab_size=257; it must learn one"
    counts = counts_after(text, [])
    (pair, new_id), vocab = merges[0], reference(text).vocab
    best = max(counts, key=counts.get)
    if pair == best:
        assert new_id == 256, f"the first merge must get the id 256, got {new_id}"
        return
    if any(i > 255 for i in pair):
        raise AssertionError(
            f"the first merge of the {name} corpus must be a pair of bytes (ids 0-255); got "
            f"{pair}: are you counting characters (code points, ord(c)) instead of the UTF-8 "
            "bytes of the text, list(text.encode('utf-8'))?"
        )
    raise AssertionError(
        f"the first merge of the {name} corpus must be its most frequent adjacent byte pair, "
        f"{shown_pair(best, vocab)}, which occurs {counts[best]} times; you merged "
        f"{shown_pair(pair, vocab)}, which occurs {counts.get(pair, 0)} times. Count every "
        "adjacent position of the whole byte sequence, overlapping ones included"
    )


@pytest.mark.parametrize("name", list(CORPORA))
def test_merges_match_the_reference(Candidate, name):
    """the merges match the reference (vocab_size=300)"""
    text = CORPORA[name]
    got = merges_of(trained(Candidate, text, 300))
    expected = reference(text, 300).merges
    if got == expected:
        return
    seen = {}
    for index, (pair, _) in enumerate(got):
        if pair in seen:
            raise AssertionError(
                f"on the {name} corpus you merged the pair {pair} twice (merges {seen[pair]} "
                f"and {index}): after each merge, replace every occurrence of the pair in the "
                "training sequence by the new id before counting the pairs again"
            )
        seen[pair] = index
    if len(got) != len(expected):
        first = min(len(got), len(expected))
        if got[:first] == expected[:first]:
            raise AssertionError(
                f"on the {name} corpus with vocab_size=300 the reference learns {len(expected)} "
                f"merges, you learned {len(got)} (the first {first} agree): learn "
                "vocab_size - 256 merges, stopping early only when no pair is left"
            )
    at = next(i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b)
    vocab = reference(text, 300).vocab
    (pair, new_id), (want, want_id) = got[at], expected[at]
    counts = counts_after(text, expected[:at])
    if new_id != want_id:
        detail = f"the new id must be {want_id}, got {new_id}"
    elif counts.get(pair, 0) == counts[want]:
        detail = (
            f"both occur {counts[want]} times at that step: on a tie, the pair whose first "
            "occurrence comes earliest in the current sequence wins (with a Counter filled left "
            "to right, max(counts, key=counts.get) returns it)"
        )
    else:
        detail = (
            f"{shown_pair(want, vocab)} occurs {counts[want]} times in the sequence at that step, "
            f"{shown_pair(pair, vocab)} {counts.get(pair, 0)} times. {MERGE_CAUSES}"
        )
    raise AssertionError(
        f"merge {at} (of {len(expected)}) on the {name} corpus differs from the reference's, "
        f"though the ones before it agree: expected {want} -> {want_id}, got {pair} -> "
        f"{new_id}; {detail}"
    )


def test_ties_go_to_the_pair_that_occurs_first(Candidate):
    """ties go to the pair that occurs first ('hello world': every pair occurs once)"""
    got = merges_of(trained(Candidate, "hello world", 257))
    assert got[:1] == [((104, 101), 256)], (
        "in 'hello world' every adjacent pair occurs once, so the tie rule decides: the first "
        f"merge must be the pair that occurs first, (104, 101) = 'h' + 'e'; got {got[:1]}. "
        "Not the smallest ids, not the largest, not the last pair counted: fill a Counter from "
        "left to right and take max(counts, key=counts.get), which keeps the first of equal "
        "counts"
    )
    got = merges_of(trained(Candidate, "hello world", 266))
    expected = reference("hello world", 266).merges
    assert got == expected, (
        "in 'hello world' every pair occurs once at every step, so with the tie rule the merges "
        f"grow the text from its start: expected {expected[:4]} ..., got {got[:4]} ..."
    )


def test_stops_when_no_pair_is_left(Candidate):
    """training stops early when no pair is left ('ab' with vocab_size=300, and '')"""
    merges = merges_of(trained(Candidate, "ab", 300))
    assert merges == [((97, 98), 256)], (
        "training on 'ab' with vocab_size=300 learns one merge, ((97, 98), 256), and then stops: "
        f"the sequence is a single token, with no pair left to count; got {merges[:3]}"
    )
    tokenizer = trained(Candidate, "", 300)
    assert merges_of(tokenizer) == [], "training on the empty string must learn no merge"
    assert encoded(tokenizer, "", "for '' after training on ''") == []


def test_vocab_size_256_learns_no_merges(Candidate):
    """vocab_size=256 learns no merges: encode gives the UTF-8 bytes"""
    tokenizer = trained(Candidate, ENGLISH, 256)
    assert merges_of(tokenizer) == [], (
        f"vocab_size=256 is the 256 byte values alone, so no merge; got {tokenizer.merges!r:.80}"
    )
    text = "naïve 字节 🙂"
    got = encoded(tokenizer, text, "with vocab_size=256")
    assert got == list(text.encode("utf-8")), (
        "with no merges, encode must return the UTF-8 bytes of the text, "
        f"{list(text.encode('utf-8'))}; got {got}"
    )


def test_default_vocab_size_is_300(Candidate):
    """vocab_size defaults to 300"""
    tokenizer = Candidate()
    tokenizer.train(ENGLISH)
    got = [new_id for _, new_id in merges_of(tokenizer)]
    assert got == list(range(256, 300)), (
        "BPETokenizer() must mean vocab_size=300: 44 merges on this corpus, with the new ids "
        f"256 to 299; got {len(got)} merges" + (f", new ids {got[0]} to {got[-1]}" if got else "")
    )


def test_a_second_train_replaces_the_first(Candidate):
    """a second train forgets the first corpus's merges"""
    tokenizer = trained(Candidate, CHINESE, 280)
    tokenizer.train(CODE)
    got = merges_of(tokenizer)
    expected = merges_of(trained(Candidate, CODE, 280))
    assert got == expected, (
        "after train(CHINESE) then train(CODE), the merges must be those that train(CODE) learns "
        f"on a new tokenizer ({len(expected)} of them); got {len(got)}: start train with an "
        "empty list of merges (and a fresh vocabulary) instead of adding to the previous ones"
    )


def test_two_tokenizers_keep_their_own_merges(Candidate):
    """two tokenizers trained on different corpora keep their own merges"""
    first = trained(Candidate, ENGLISH, 280)
    before = merges_of(first), encoded(first, UNSEEN, "before")
    state = SharedState(Candidate)
    trained(Candidate, CHINESE, 280)
    changed = state.changed()
    after = merges_of(first), encoded(first, UNSEEN, "after")
    if before == after:
        return
    cause = (
        shared_state_note(changed)
        if changed
        else "the two tokenizers share state: keep the merges on self, not in the class"
    )
    raise AssertionError(
        "training a second tokenizer on another corpus changed the merges or the encoding of "
        f"the first: {cause}"
    )


# -- encoding and decoding -------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(TEXTS))
def test_round_trip(Candidate, name):
    """decode(encode(text)) gives the text back"""
    tokenizer = trained(Candidate, MIXED, 400)
    check_round_trip(tokenizer, TEXTS[name], f"for the {name} text")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: f"seed={seed}")
def test_round_trip_on_random_strings(Candidate, seed):
    """decode(encode(s)) == s for random strings from many scripts"""
    rng = random.Random(seed)
    corpus = random_text(rng, 300) * 2
    tokenizer = trained(Candidate, corpus, 300)
    check_round_trip(tokenizer, corpus, f"for the training text (random.Random({seed}))")
    for index in range(40):
        text = random_text(rng, rng.randint(0, 30))
        check_round_trip(tokenizer, text, f"for random string {index} of random.Random({seed})")


def test_encode_replays_the_merges_on_new_text(Candidate):
    """encode of text not seen in training replays the learned merges in order"""
    for name in ("English", "Python code"):
        tokenizer = trained(Candidate, CORPORA[name], 300)
        merges = merges_of(tokenizer)
        got = encoded(tokenizer, UNSEEN, f"after training on the {name} corpus")
        expected = replayed(merges, UNSEEN)
        if got == expected:
            continue
        at = next(
            (i for i, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b),
            min(len(got), len(expected)),
        )
        advice = ENCODE_CAUSES
        vocab = token_bytes(merges)
        if vocab is not None and got == longest_match(vocab, UNSEEN):
            advice = (
                "your tokens are those of greedy longest match against the vocabulary, which is "
                "how WordPiece encodes, not BPE. " + ENCODE_CAUSES
            )
        raise AssertionError(
            f"after training on the {name} corpus (vocab_size=300), encode of a new text must be "
            "its UTF-8 bytes with your own merges applied in the order learned; it differs from "
            f"token {at} on: expected {expected[at : at + 6]}, got {got[at : at + 6]} "
            f"({len(expected)} tokens expected, {len(got)} got). {advice}"
        )


def test_encode_replays_the_merges_in_training_order(Candidate):
    """encode applies the merges in training order, not the input's most frequent pair"""
    tokenizer = trained(Candidate, TRAIN_ORDER_CORPUS, 258)
    merges = merges_of(tokenizer)
    got = encoded(tokenizer, TRAIN_ORDER_INPUT, f"for {TRAIN_ORDER_INPUT!r}")
    expected = reference(TRAIN_ORDER_CORPUS, 258).encode(TRAIN_ORDER_INPUT)
    assert merges_of(tokenizer) == merges, (
        "encode changed the merges: it must only apply the merges train learned"
    )
    assert merges == reference(TRAIN_ORDER_CORPUS, 258).merges, (
        f"training on {TRAIN_ORDER_CORPUS!r} with vocab_size=258 must learn "
        f"{reference(TRAIN_ORDER_CORPUS, 258).merges}, got {merges}"
    )
    assert got == expected, (
        f"the merges learned on {TRAIN_ORDER_CORPUS!r} are ((97, 98), 256) ('a' + 'b') then "
        f"((98, 99), 257) ('b' + 'c'), so encode({TRAIN_ORDER_INPUT!r}) first merges the 'ab' "
        f"and gives {expected}; got {got}. Encoding replays the merges in the order they were "
        "learned; it never counts the pairs of its input (in this input 'bc' is the most "
        "frequent pair, but 'ab' was learned first)"
    )


def test_runs_of_one_byte(Candidate):
    """runs of one letter ('aaaaa'): pairs overlap, merges go left to right"""
    tokenizer = trained(Candidate, "aaaaa", 259)
    got = merges_of(tokenizer)
    expected = reference("aaaaa", 259).merges
    assert got[:1] == [((97, 97), 256)], (
        f"the first merge of 'aaaaa' must be ((97, 97), 256); got {got[:1]}"
    )
    assert got == expected, (
        "'aaaaa' holds (97, 97) four times (overlapping positions all count); merging it left to "
        "right gives [256, 256, 97] (the first two a's, the next two, then the last one is "
        "left), which holds (256, 256) and (256, 97) once each; the tie goes to (256, 256), "
        f"which comes first. Expected {expected}, got {got}"
    )
    for text in ("aaa", "aaaa", "aaaaaaa"):
        want = replayed(expected, text)
        ids = encoded(tokenizer, text, f"for {text!r}")
        assert ids == want, (
            f"after training on 'aaaaa', encode({text!r}) must be {want}; got {ids}: a pair is "
            "replaced left to right, and a token used by one replacement is not used again "
            "(in 'aaa', only the first two a's merge)"
        )


def test_encoding_the_training_text_compresses_it(Candidate):
    """encoding the training text gives fewer tokens than bytes (no more on any text)"""
    for name, text in CORPORA.items():
        tokenizer = trained(Candidate, text, 300)
        ids = encoded(tokenizer, text, f"for the {name} corpus")
        n_bytes = len(text.encode("utf-8"))
        expected = len(replayed(merges_of(tokenizer), text))
        assert len(ids) < n_bytes, (
            f"encoding the {name} corpus after training on it must give fewer tokens than its "
            f"{n_bytes} bytes (each merge replaces at least one pair); got {len(ids)}: does "
            "encode apply the merges?"
        )
        assert len(ids) == expected, (
            f"encoding the {name} corpus after training on it must give {expected} tokens, as "
            f"many as applying your merges in order leaves of its {n_bytes} bytes; got "
            f"{len(ids)}. {ENCODE_CAUSES}"
        )
        for other in (UNSEEN, *TEXTS.values()):
            longest = len(encoded(tokenizer, other, f"after training on the {name} corpus"))
            assert longest <= len(other.encode("utf-8")), (
                f"encode gave {longest} tokens for a text of {len(other.encode('utf-8'))} "
                "bytes; a merge only ever joins two tokens into one, so there can never be "
                "more tokens than bytes"
            )


def test_ids_are_below_vocab_size(Candidate):
    """every token id is an int in range(vocab_size)"""
    tokenizer = trained(Candidate, MIXED, 300)
    new_ids = [new_id for _, new_id in merges_of(tokenizer)]
    for name, text in TEXTS.items():
        ids = encoded(tokenizer, text, f"for the {name} text")
        bad = [i for i in ids if not 0 <= i < 300]
        if not bad:
            continue
        points = {ord(char): char for char in text}
        if bad[0] in points:
            raise AssertionError(
                f"encode gave the id {bad[0]} for the {name} text, but ids must be below "
                f"vocab_size=300: {bad[0]} is the code point of {points[bad[0]]!r}. Work on the "
                "UTF-8 bytes (list(text.encode('utf-8'))), not on code points (ord(c)): a "
                "character beyond ASCII is 2 to 4 bytes, each an id below 256"
            )
        raise AssertionError(
            f"encode gave the id {bad[0]} for the {name} text; with vocab_size=300 every id must "
            f"be in range(300) (0-255 the bytes, 256-299 the merges; yours are "
            f"{new_ids[:1]}...{new_ids[-1:]})"
        )


def test_decode_expands_merged_tokens(Candidate):
    """decode turns each merged id back into the bytes it stands for"""
    tokenizer = trained(Candidate, ENGLISH, 300)
    merges = merges_of(tokenizer)
    vocab = token_bytes(merges)
    assert vocab is not None, (
        "a merge uses an id that is neither a byte (0-255) nor made by an earlier merge: "
        f"{merges[:4]} ..."
    )
    for _, new_id in merges:
        want = vocab[new_id].decode("utf-8", errors="replace")
        got = decoded(tokenizer, [new_id], f"for [{new_id}]")
        assert got == want, (
            f"decode([{new_id}]) must give {want!r}: by your merges, {new_id} stands for the "
            f"bytes {vocab[new_id]!r} (a merged id stands for the bytes of both its parts, "
            f"expanded all the way down to bytes); got {got!r}"
        )


def test_decode_of_invalid_utf8_gives_replacement_characters(Candidate):
    """decode of ids that are not valid UTF-8 gives U+FFFD (errors='replace')"""
    tokenizer = trained(Candidate, CHINESE, 300)
    merges = merges_of(tokenizer)
    vocab = token_bytes(merges)
    if vocab is None:  # merges of other ids than bytes: another check says so
        vocab, merges = token_bytes([]), []
    cases = {
        "[255]": [255],
        "[128] (a lone continuation byte)": [128],
        "[228, 189] (the first 2 of the 3 bytes of 你)": [228, 189],
        "the ids of '字节' then 228 (the first byte of 你)": [*replayed(merges, "字节"), 228],
    }
    for what, case in cases.items():
        data = b"".join(vocab[i] for i in case)
        want = data.decode("utf-8", errors="replace")
        got = decoded(tokenizer, case, f"for {what}")
        assert got == want, (
            f"decode of {what} must give {want!r}: the bytes {data!r} decoded with "
            f'.decode("utf-8", errors="replace"); got {got!r}'
        )


def test_uses_only_numpy_and_the_standard_library(Candidate, task_rules):
    """uses only numpy and the standard library (the task's rule)"""

    def use(tokenizer):
        tokenizer.train(ENGLISH[:300])
        tokenizer.decode(tokenizer.encode(UNSEEN))

    check_numpy_only(Candidate, task_rules, use=use)
