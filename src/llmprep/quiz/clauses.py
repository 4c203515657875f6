"""Split an answer into clauses, and find where it negates or dismisses what it names.

A key point's words must all occur in one clause, so that words collected across sentences do
not make a point. A clause ends at sentence punctuation and before a contrast (`but`, `但是`).
Inside a clause, commas separate segments: a negation reaches only the segment it is in, so in
`dropout helps, weight decay does not` only weight decay is dismissed.

A segment is dismissive when it says that what it names does not matter: `does not help`, `is a
myth`, `has nothing to do with`, `is unnecessary`, `不需要`, `与 … 无关`, `没用`, `是误解`, wherever
the cue stands in it (`no need for X` and `X is not needed` alike). A dismissal also covers the
bare list items beside it, and a bare verdict (`没必要`) the segment before it, back through any
verdicts in between (`X 只是经济问题，算不上伦理问题，不需要讨论`). A Chinese cue that describes a
noun or sets a condition is no verdict (`删掉不重要的权重`, `两个任务不相关时`). (A negator right
before a term, `no X`, is `matching`'s to see.)
Plain negators elsewhere in a segment (`dropout is not used at inference`) negate a statement
about the term, not the term, and are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLAUSE_END = re.compile(
    r"[.!?;。！？；．\n]+(?=\s|$|[^\d])"
    r"|\s+(?=(?:but|however|whereas|yet|although|though)\b)|(?<=,)\s*(?=while\b)"
    r"|(?=但是|然而|不过|但(?!是))|(?<=[，,])(?=而)",
    re.IGNORECASE,
)
_SEGMENT_END = re.compile(r"[,，、:：()（）]|\s+-\s+|\s—\s|——")

_DISMISSAL_EN = re.compile(
    r"\b(?:does|do|did|is|are|was|were|will|would|can|could|should|has|have)\s*(?:n't|not)\s+"
    r"(?:\w+\s+)?(?:help|helps|matter|matters|work|need|needed|required|necessary|useful|"
    r"important|relevant|related)\b"
    r"|\b(?:nothing|little) to do with\b|\b(?:is|are|was|were|seems?) (?:\w+ )?(?:unrelated|irrelevant)\b"
    r"|\bmyths?\b|\buseless\b"
    r"|\bunnecessary\b|\bpointless\b|\boverrated\b|\bno (?:need|use|effect|benefit|impact|role)\b"
    r"|\bnot (?:needed|required|necessary|useful|important|relevant|related|helpful|a factor)\b"
    r"|\bnever (?:helps?|needed|matters?|works?)\b|\bdon'?t need\b|\bdo not need\b"
    r"|\bnot (?:a |an )?(?:real )?(?:problem|issue|concern)\b|\bwon'?t help\b|\bcan'?t help\b"
    r"|\b(?:is|are|isn'?t|aren'?t) (?:really )?(?:just )?(?:hype|a lost cause|a fad|nonsense)\b"
    r"|\btells? (?:you )?nothing\b|\bnever (?:scales?|be needed)\b|\bnot really (?:needed|a|an)\b"
    r"|\b(?:is|are) (?:not|n't) (?:really )?(?:a )?(?:hard|difficult|problem)\b|\bignore\b"
    r"|\boverkill\b|\bover-?engineer\w*|\boverhyped\b|\bnot worth\b|\ba waste of\b"
    r"|\bnever (?:a|the) bottleneck\b|\bobsolete\b|\boverblown\b|\b(?:a )?solved problem\b"
    r"|\b(?:does|do|did)(?:n't| not) (?:really )?(?:apply|happen|tell (?:you )?(?:anything|much))\b"
    r"|\b(?:nobody|no one) (?:uses|needs|cares)\b|\ba (?:marketing|PR) (?:number|term|stunt|exercise)\b"
    r"|\b(?:will|would) (?:soon )?be (?:fully |completely )?replaced by (?:AI|LLMs?|models?)\b",
    re.IGNORECASE,
)
_DISMISSAL_ZH = re.compile(
    r"不需要|无需|不用|没必要|不必|(?:与|和|跟).{0,12}无关|无关紧要|没用|没有用|无用|不重要|误解|神话|迷思|无助于|没有(?:帮助|作用|效果|影响|关系)"
    r"|不能(?:帮助|解决|防止|减少|缓解|提高|改善|避免)|不会(?:影响|改善|提高|帮助)|并不(?:能|会|需要|重要)"
    r"|不起作用|不管用|没关系|不相关|用不上|用不着|是错的|不成立|没什么用|没啥用|可有可无|伪概念|不存在"
    r"|差别不大|无所谓|不值得|多余|忽略|过度设计|省不了|从来不是|多此一举|没意义|没有意义|无意义|过时了"
    r"|伪命题|(?:影响|意义|作用|用处|帮助|价值)不大|没什么(?:参考)?价值|不值一提|算不上"
    r"|被.{0,4}(?:取代|淘汰)"
)


# 不 negates, except in words where it does not: 不同, 不少, 不断, 不平衡, 差不多, and the names
# of things: 基尼不纯度, 平移不变性, 线性不可分, 不等式, 不确定性. 非 likewise: 非线性, 非常, 非结构化.
BU_NEGATES = (
    r"(?<!差)不(?!同|少|久|断|仅|但|过|管|论|止|得不|平衡|均衡|稳定|确定|连续|可微|对称|纯度|变性"
    r"|等式|可分|一致性|透明性|公平性)"
)
FEI_NEGATES = r"(?<![并而])非(?!常|线性|结构|凸|负|零|对称|平稳|参数|法|洲|监督)"

_DENIAL = re.compile(
    r"\b(?:not|cannot|no|never|nothing|none|without|neither|nor|rather than|instead of|unlike)\b"
    r"|n't\b|≠|尚无|尚未|并无"
    r"|不像|与.{1,12}不同"
    r"|" + BU_NEGATES + r"|并非|而非|没有|没(?!问题)|无法|无需|无须|未必|别把|\bnowhere\b",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"\b(?:think|thinks|thinking|believ\w*|assum\w*|treat\w* \S+(?: \S+)* as|mistak\w*|equat\w*"
    r"|misconception\w*|myth|wrong\w*|mistaken\w*|fallac\w*|claim\w*|some say|people say)\b"
    r"|以为|误以为|认为|误区|误解|是错误的|错误地|错误观点|错误认识|把.{1,20}(?:当作|当成|看作|视为)",
    re.IGNORECASE,
)


# A Chinese verdict that describes a noun or sets a condition dismisses nothing: 删掉不重要的权重,
# 源任务和目标任务不相关时 ….
_ZH_NOT_A_VERDICT = re.compile(r"的[\u4e00-\u9fffA-Za-z]|时(?!间)|情况下")


def _is_dismissal(segment: str) -> bool:
    if _DISMISSAL_EN.search(segment):
        return True
    return any(
        not _ZH_NOT_A_VERDICT.match(segment, found.end())
        for found in _DISMISSAL_ZH.finditer(segment)
    )


_PREDICATE = re.compile(
    r"\b(?:is|are|was|were|helps?|works?|reduces?|improves?|prevents?|matters?|does|do|can|will)\b"
    r"|有用|有效|可以|能|会|是",
    re.IGNORECASE,
)


def _is_bare(segment: str) -> bool:
    """A dismissal with nothing else in it ("没必要", "完全没用", "not needed"): what it
    dismisses is the segment before it. "永远不需要 [UNK]" names its own object: not bare."""
    rest = _DISMISSAL_ZH.sub("", _DISMISSAL_EN.sub("", segment))
    rest = _HEDGES.sub("", rest)
    return not re.search(r"[A-Za-z0-9]", rest) and len(re.findall(r"[\u4e00-\u9fff]", rest)) <= 2


_HEDGES = re.compile(
    r"\b(?:really|just|totally|completely|simply|actually|at all|here|then|so|and|it'?s|is|are)\b"
    r"|其实|根本|完全|就|也|都|真的|基本上|所以|因此|那|这|了|的|啊|吧|我(?:认为|觉得|看)",
    re.IGNORECASE,
)


def _is_list_item(segment: str) -> bool:
    """A few words with no predicate of their own: an item of an enumeration."""
    short = len(segment.split()) <= 4 and len(re.findall(r"[\u4e00-\u9fff]", segment)) <= 8
    return short and not _PREDICATE.search(segment)


@dataclass(frozen=True, slots=True)
class Clause:
    """A clause of an answer: its text, and its comma-separated segments with where each starts.

    `dismissed` marks the segments a dismissal covers: its own, and the list items next to it
    (`early stopping, dropout and weight decay do not help` dismisses all three).
    """

    text: str
    segments: tuple[tuple[int, str], ...]
    dismissed: tuple[bool, ...]

    def denies_or_reports(self) -> bool:
        """Whether the clause negates something or reports a belief ("thinking X", "以为 X").

        Such a clause does not state a misconception in its own voice: "clipping does not cure
        vanishing gradients" and "a common mistake is thinking clipping cures them" are right.
        """
        return denies_or_reports(self.text)


def denies_or_reports(text: str) -> bool:
    """Whether `text` negates something or reports a belief (see `Clause.denies_or_reports`)."""
    return bool(_DENIAL.search(text) or _REPORTED.search(text))


def _dismissed(segments: list[str]) -> tuple[bool, ...]:
    marks = [_is_dismissal(segment) for segment in segments]
    for i in range(1, len(segments)):  # "X 和 Y 太复杂，没必要": a bare verdict on what came before
        if marks[i] and _is_bare(segments[i]):
            # back through the verdicts right before it: "X 只是经济问题，算不上伦理问题，不需要讨论"
            j = i - 1
            while j > 0 and marks[j] and not marks[j - 1]:
                j -= 1
            marks[j] = True
    for order in (range(len(segments)), reversed(range(len(segments)))):
        for i in order:
            for j in (i - 1, i + 1):
                if 0 <= j < len(segments) and marks[j] and _is_list_item(segments[i]):
                    marks[i] = True
    return tuple(marks)


def prepare(text: str) -> str:
    """One space for every run of spaces; the text is kept as typed, so evidence quotes it."""
    return re.sub(r"[ \t\r\f\v\u3000]+", " ", text).strip()


def split_clauses(text: str) -> list[Clause]:
    """The clauses of `text`, in order, each with its segments; empty ones dropped."""
    clauses = []
    for raw in _CLAUSE_END.split(prepare(text)):
        raw = raw.strip()
        if not raw:
            continue
        segments, start = [], 0
        for match in _SEGMENT_END.finditer(raw):
            segments.append((start, raw[start : match.start()]))
            start = match.end()
        segments.append((start, raw[start:]))
        clauses.append(Clause(raw, tuple(segments), _dismissed([text for _, text in segments])))
    return clauses
