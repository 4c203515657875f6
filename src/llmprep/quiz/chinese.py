"""Chinese words for the grader, from jieba, loaded in the background so nobody waits for it.

A Chinese key-point term such as 权重惩罚 is made of words (权重 / 惩罚). A candidate may put
other words between them (权重的平方惩罚), which a match of the whole character run misses; the
grader therefore also looks for a term's words in order, close together, in one clause.
Splitting a term into words needs a real segmenter: jieba, with its own dictionary (about 0.8 s
to load on a 2-core machine). `preload` starts loading it in a thread when a quiz starts, so the
first question is on screen at once and the dictionary is ready by the time the first answer is
typed; `words` waits for it only if it is not ready yet.

jieba keeps a parsed copy of its dictionary in a cache file; it is kept under `$LLMPREP_HOME`.
"""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

from llmprep import config

_loaded = threading.Event()
_lock = threading.Lock()
_started = False
_tokenizer = None


def _load() -> None:
    global _tokenizer
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        cache = config.home() / "cache"
        try:
            cache.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir = str(cache)
        except OSError:
            pass  # jieba falls back to the system's temporary folder
        tokenizer.initialize()
        _tokenizer = tokenizer
    finally:
        _loaded.set()


def preload() -> None:
    """Start loading the dictionary in a background thread (once); returns at once."""
    global _started
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=_load, name="llmprep-jieba", daemon=True).start()


@lru_cache(maxsize=8192)
def words(term: str) -> tuple[str, ...]:
    """The words of a Chinese `term` (`权重惩罚` -> `('权重', '惩罚')`), by jieba's dictionary.

    Falls back to the whole term as one word if jieba cannot be loaded.
    """
    preload()
    _loaded.wait()
    if _tokenizer is None:
        return (term,)
    return tuple(word for word in _tokenizer.lcut(term, HMM=False) if word.strip())
