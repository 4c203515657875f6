"""The grader's rules against the kinds of answer that fooled it, each with an example of its own."""

from __future__ import annotations

from llmprep.bank.model import KeyPoint, Misconception, Text
from llmprep.quiz import grading

OVERFITTING = Text(zh="什么是过拟合？如何解决？", en="What is overfitting, and how do you fix it?")
FIXES = (
    KeyPoint("泛化差距", "generalization gap", ("train-validation gap",)),
    KeyPoint("早停", "early stopping"),
    KeyPoint("正则化", "regularization", ("weight decay", "权重衰减")),
    KeyPoint("数据增强", "data augmentation"),
)
CLIPPING = Misconception(
    claim=Text("梯度裁剪能解决梯度消失。", "Gradient clipping cures vanishing gradients."),
    why=Text("裁剪只限制过大的梯度。", "Clipping only caps gradients that are too large."),
    terms=("clipping + vanishing", "裁剪 + 梯度消失"),
    point=2,
)
GRADIENTS = (
    KeyPoint("残差连接", "residual connections", ("skip connections",)),
    KeyPoint("梯度裁剪", "gradient clipping", ("clip the gradient norm",)),
)


def test_a_wrong_answer_with_the_right_words_is_not_credited():
    answer = (
        "Overfitting has nothing to do with a generalization gap. Early stopping, "
        "cross-validation, regularization and data augmentation do not help."
    )
    result = grading.grade(answer, FIXES, question=OVERFITTING)
    assert result.hits == 0 and result.suggested == grading.AGAIN


def test_dismissals_in_chinese_are_negations_too():
    result = grading.grade(
        "过拟合与泛化差距无关，不需要早停，正则化没用。", FIXES, question=OVERFITTING
    )
    assert result.hits == 0


def test_a_negation_reaches_only_its_own_segment():
    answer = "Early stopping helps against it, weight decay does not help, and the train-validation gap shows it"
    hits = [r.hit for r in grading.grade(answer, FIXES, question=OVERFITTING).points]
    assert hits == [True, True, False, False]


def test_a_statement_about_a_term_is_not_a_negation_of_it():
    points = (KeyPoint("随机失活", "dropout"),)
    assert grading.grade("Dropout is not used at inference time.", points).points[0].hit
    assert not grading.grade("Use no dropout at all.", points).points[0].hit


def test_a_stated_misconception_takes_its_point_and_the_rating():
    answer = "Add skip connections, and gradient clipping cures vanishing gradients."
    result = grading.grade(answer, GRADIENTS, misconceptions=(CLIPPING,))
    assert [m.misconception for m in result.misconceptions] == [CLIPPING]
    assert result.misconceptions[0].evidence == answer.rstrip(".")
    assert [r.hit for r in result.points] == [True, False]  # clipping is for exploding gradients
    assert result.suggested == grading.AGAIN
    zh = grading.grade("梯度裁剪可以解决梯度消失问题", GRADIENTS, misconceptions=(CLIPPING,))
    assert zh.misconceptions and zh.suggested == grading.AGAIN


def test_denying_a_misconception_is_not_stating_it():
    answer = "Gradient clipping does not cure vanishing gradients; skip connections do."
    result = grading.grade(answer, GRADIENTS, misconceptions=(CLIPPING,))
    assert result.misconceptions == ()


def test_an_echo_of_the_question_earns_nothing_until_it_says_something():
    question = Text("什么是偏差-方差权衡？", "What is the bias-variance trade-off?")
    points = (KeyPoint("偏差", "bias"), KeyPoint("方差", "variance"))
    assert grading.grade("bias, variance", points, question=question).hits == 0
    explained = (
        "Bias is error from wrong assumptions. Variance is sensitivity to the training sample."
    )
    assert grading.grade(explained, points, question=question).hits == 2


def test_a_key_points_words_must_share_a_clause():
    points = (KeyPoint("3D 并行", "pipeline model parallelism"),)
    answer = "We split the pipeline into stages. The model is large. Parallelism is hard."
    assert not grading.grade(answer, points).points[0].hit


def test_acronym_plurals_are_the_acronym():
    points = (KeyPoint("图形处理器", "GPU"), KeyPoint("张量处理器", "TPU"))
    assert grading.grade("It trains on thousands of GPUs and TPUs.", points).hits == 2


def test_each_hit_shows_the_words_that_earned_it():
    result = grading.grade("We stop early. Early stopping keeps the best checkpoint", FIXES)
    [hit] = [r for r in result.points if r.hit]
    assert hit.evidence == "Early stopping keeps the best checkpoint"


def test_the_verdict_shows_the_misconception_its_correction_and_the_graders_scope():
    from rich.console import Console

    from llmprep.bank.model import Entry
    from llmprep.quiz import view
    from llmprep.quiz.engine import Outcome

    entry = Entry(
        id="g", type="open", topic="t", tags=(), difficulty="easy", question=Text("问", "Q?"),
        answer=Text("答", "A."), key_points=GRADIENTS, explanation=Text("解", "E."), related=(),
        follow_ups=(), references=("R",), misconceptions=(CLIPPING,),
    )  # fmt: skip
    answer = "Skip connections help. Gradient clipping cures vanishing gradients."
    grade = grading.grade(answer, entry.key_points, misconceptions=entry.misconceptions)
    outcome = Outcome(entry, answer, False, grade.score, grade.suggested, grade=grade)
    console = Console(width=200, no_color=True)
    with console.capture() as captured:
        console.print(view.verdict(outcome, "en"), view.key_points_view(outcome, "en"))
    out = captured.get()
    assert "You stated a common misconception: “Gradient clipping cures vanishing gradients”" in out
    assert "→ Clipping only caps gradients that are too large." in out
    assert "not every sentence" in out
    assert "✓ residual connections\n      “Skip connections help”" in out


METRICS = (
    KeyPoint("召回率", "recall"),
    KeyPoint("准确率", "accuracy"),
    KeyPoint("精确率", "precision"),
)
PARALLELISM = (KeyPoint("3D 并行", "3D parallelism"), KeyPoint("数据并行", "data parallelism"))


def _known(*points) -> frozenset[str]:
    from types import SimpleNamespace

    return grading.known_terms([SimpleNamespace(key_points=points)])


def test_chinese_words_with_other_words_between_them_still_make_the_point():
    point = (KeyPoint("权重惩罚", "weight penalty"),)
    assert grading.grade("在损失里加上权重的平方惩罚", point).points[0].hit
    assert not grading.grade("权重很大，模型受到了惩罚性的批评和很多别的东西", point).points[0].hit


def test_a_one_character_slip_in_a_short_chinese_term_is_forgiven_unless_it_is_another_term():
    known = _known(*METRICS)
    assert [r.hit for r in grading.grade("召回绿很高", METRICS, known=known).points] == [
        True,
        False,
        False,
    ]
    assert [r.hit for r in grading.grade("准确率很高", METRICS[:1] + METRICS[1:2], known=known).points] == [
        False, True
    ]  # fmt: skip
    # 精确率 is one slip from 准确率, but it is a term of its own: it makes only its own point.
    only_accuracy = grading.grade("精确率很高", METRICS[1:2], known=known)
    assert not only_accuracy.points[0].hit


def test_a_near_spelling_that_is_another_known_term_never_matches():
    known = _known(*PARALLELISM)
    result = grading.grade("We use data parallelism across nodes.", PARALLELISM[:1], known=known)
    assert not result.points[0].hit


def test_reporting_a_misconception_is_not_stating_it():
    for answer in (
        "A common mistake is thinking gradient clipping cures vanishing gradients.",
        "很多人误以为梯度裁剪能解决梯度消失。",
    ):
        assert grading.grade(answer, GRADIENTS, misconceptions=(CLIPPING,)).misconceptions == ()


def test_misconception_parts_must_match_exactly_not_by_a_near_spelling():
    """权重显存 is not 激活显存: a fuzzy match here would fail a right answer."""
    halves = Misconception(
        claim=Text("混合精度让权重显存减半。", "Mixed precision halves weight memory."),
        why=Text("FP32 主权重让权重显存更大。", "The FP32 master copy makes weight memory larger."),
        terms=("mixed precision + halves + weight memory", "混合精度 + 权重显存 + 减半"),
    )
    right = "混合精度让保存的激活显存大致减半"
    assert grading.grade(right, GRADIENTS, misconceptions=(halves,)).misconceptions == ()
    wrong = "混合精度让权重显存减半"
    assert grading.grade(wrong, GRADIENTS, misconceptions=(halves,)).misconceptions


def test_dismissing_a_key_point_is_suggested_again_and_named():
    answer = (
        "Overfitting shows as a train-validation gap that keeps growing, and weight decay and "
        "data augmentation reduce it. Early stopping does not help."
    )
    result = grading.grade(answer, FIXES, question=OVERFITTING)
    assert result.hits == 3 and result.dismissed == (2,)
    assert result.suggested == grading.AGAIN


def test_only_a_homophone_slip_is_forgiven():
    """Pinyin input slips to a character of the same sound; another character is another word."""
    assert grading.grade("召回绿很高", METRICS[:1]).points[0].hit  # 绿 and 率 are both lv
    assert not grading.grade("参数越大越好", (KeyPoint("参数量", "parameter count"),)).points[0].hit
    assert not grading.grade("用树模型做风控", (KeyPoint("大模型", "large model"),)).points[0].hit


def test_a_times_sign_does_not_glue_itself_to_a_word():
    point = (KeyPoint("模型算力利用率", "MFU"),)
    assert grading.grade("throughput = peak FLOPs ×MFU", point).points[0].hit


def test_a_chinese_word_that_contains_bu_is_not_a_denial():
    """不同 ('different') is not a negation: the misconception in this clause is stated."""
    answer = "不同任务都一样，梯度裁剪能解决梯度消失"
    assert grading.grade(answer, GRADIENTS, misconceptions=(CLIPPING,)).misconceptions


def test_the_clause_that_states_a_misconception_earns_no_point():
    points = (
        KeyPoint("梯度裁剪", "gradient clipping"),
        KeyPoint("梯度消失", "vanishing gradients"),
    )
    answer = "Gradient clipping cures vanishing gradients."
    result = grading.grade(answer, points, misconceptions=(CLIPPING,))
    assert result.hits == 0 and result.misconceptions


def test_dismissals_in_everyday_words_are_negations():
    assert grading.grade("张量并行是过度设计，数据并行就够了", PARALLELISM[:1]).hits == 0
    assert grading.grade("3D parallelism is overkill for most teams", PARALLELISM[:1]).hits == 0


def test_verdicts_that_a_thing_is_overblown_solved_or_of_little_use_dismiss_it():
    for answer in (
        "Residual connections are overblown, gradient clipping does the work",
        "Skip connections don't really apply to deep nets",
        "Residual connections are a solved problem",
        "Nobody uses skip connections anymore",
        "残差连接是伪命题",
        "残差连接的作用不大",
        "至于残差连接，我觉得意义不大",
    ):
        assert not grading.grade(answer, GRADIENTS[:1]).points[0].hit, answer
    # A verdict on something else leaves the point standing.
    assert grading.grade(
        "Residual connections help; deeper plain nets are overblown", GRADIENTS[:1]
    ).hits


def test_chinese_words_built_on_bu_or_mei_do_not_deny_a_claim():
    """不平衡 (imbalance), 差不多 (about the same), 没问题 (fine) are not negations."""
    ignore = Misconception(
        claim=Text("类别不平衡时准确率就够了。", "Accuracy is enough under class imbalance."),
        why=Text("少数类会被忽略。", "The minority class is ignored."),
        terms=("准确率就够",),
    )
    for answer in ("类别不平衡时准确率就够", "准确率就够，和别的指标差不多", "准确率就够，没问题"):
        assert grading.grade(answer, GRADIENTS, misconceptions=(ignore,)).misconceptions, answer


def test_cannot_denies_and_a_claim_about_label_errors_is_not_reported_speech():
    removes = Misconception(
        claim=Text("RLHF 能消除偏见。", "RLHF removes bias."),
        why=Text("它只能减轻。", "It only reduces it."),
        terms=("RLHF + removes + bias", "RLHF + 消除 + 偏见"),
    )
    assert (
        grading.grade(
            "RLHF cannot remove bias", GRADIENTS, misconceptions=(removes,)
        ).misconceptions
        == ()
    )
    assert grading.grade("RLHF removes bias", GRADIENTS, misconceptions=(removes,)).misconceptions
    contamination = Misconception(
        claim=Text(
            "数据污染就是测试集里的标注错误。", "Contamination means label errors in the test set."
        ),
        why=Text("污染指测试数据进入了训练集。", "It means test data leaked into training data."),
        terms=("污染 + 标注错误",),
    )
    answer = "数据污染指的是测试集里有标注错误"
    assert grading.grade(answer, GRADIENTS, misconceptions=(contamination,)).misconceptions


def test_a_misconception_term_written_as_a_stem_matches_its_words():
    bug = Misconception(
        claim=Text("幻觉只是偶发的 bug。", "Hallucination is just an occasional bug."),
        why=Text("它源于训练目标。", "It follows from the training objective."),
        terms=("hallucinat + occasional bug",),
    )
    answer = "Hallucination is an occasional bug"
    assert grading.grade(answer, GRADIENTS, misconceptions=(bug,)).misconceptions


def test_saying_what_a_method_does_not_do_is_not_dismissing_it():
    answer = "Cross-validation does not prevent overfitting; it only estimates generalization."
    points = (KeyPoint("交叉验证", "cross-validation"),)
    result = grading.grade(answer, points, question=OVERFITTING)
    assert result.dismissed == () and result.points[0].hit


def test_evidence_quotes_the_answer_as_typed():
    result = grading.grade("用早停：验证集损失最低时（第 10 轮）停下", FIXES)
    assert result.points[1].evidence == "用早停：验证集损失最低时（第 10 轮）停下"


def test_a_point_made_in_plain_words_is_credited_in_both_languages():
    """The grading issue's own example: no listed name, the points made all the same."""
    from llmprep.bank import load_bank
    from llmprep.config import builtin_bank_dir

    bank = load_bank([builtin_bank_dir()])
    entry = bank.get("overfitting")
    known = grading.known_terms(bank.entries.values())
    plain_en = (
        "keep the checkpoint where validation loss was lowest, penalise large weights, "
        "randomly drop units, collect more varied examples"
    )
    made = {r.point.en for r in grading.grade_entry(plain_en, entry, "en", known).points if r.hit}
    assert {"early stopping", "regularization"} <= made
    plain_zh = "验证集损失最低时停下来，惩罚过大的权重，随机丢弃神经元"
    made = {r.point.en for r in grading.grade_entry(plain_zh, entry, "zh", known).points if r.hit}
    assert {"early stopping", "regularization"} <= made


def test_a_partial_answer_making_two_of_seven_points_is_hard_not_again():
    seven = tuple(KeyPoint(f"要点{i}", word) for i, word in enumerate(
        ("bias", "variance", "noise", "capacity", "regularization", "cross-validation", "ensembling")
    ))  # fmt: skip
    answer = "Bias comes from wrong assumptions. Variance is sensitivity to the training sample."
    result = grading.grade(answer, seven)
    assert result.hits == 2 and result.suggested == grading.HARD


ADAM_WARMUP = Misconception(
    claim=Text("用 Adam 就无需学习率预热。", "With Adam you never need a learning-rate warm-up."),
    why=Text(
        "Adam 早期二阶矩估计方差大，预热仍常用。", "Adam's early second-moment estimates are noisy."
    ),
    terms=("Adam无需预热", "adam + no warm-up"),
)


def test_an_english_word_inside_a_chinese_term_must_be_a_whole_word():
    # RAdam is the variant built to need no warm-up (Liu et al. 2020): saying so is right.
    right = grading.grade(
        "RAdam无需预热，因为它修正了方差。", GRADIENTS, misconceptions=(ADAM_WARMUP,)
    )
    wrong = grading.grade("Adam无需预热。", GRADIENTS, misconceptions=(ADAM_WARMUP,))
    assert not right.misconceptions and wrong.misconceptions


def test_the_name_of_a_thing_that_contains_bu_is_not_a_denial():
    tree = (KeyPoint("基尼不纯度", "Gini impurity"),)
    gini = Misconception(
        claim=Text(
            "基尼不纯度越大，划分越好。", "The higher the Gini impurity, the better the split."
        ),
        why=Text("划分选使加权不纯度下降最多的。", "Splits minimise the weighted impurity."),
        terms=("基尼 + 越大 + 越好", "gini + higher + better"),
    )
    result = grading.grade("基尼不纯度越大，划分越好。", tree, misconceptions=(gini,))
    assert result.misconceptions and result.suggested == grading.AGAIN


def test_a_comma_and_while_start_a_new_clause():
    # The negation after `while` belongs to its own clause: the claim before it is still stated.
    answer = "Gradient clipping cures vanishing gradients, while residual connections do not."
    result = grading.grade(answer, GRADIENTS, misconceptions=(CLIPPING,))
    assert [m.misconception for m in result.misconceptions] == [CLIPPING]


def test_a_claim_that_is_itself_a_cannot_or_rather_than_is_caught_by_those_words():
    by_type = Misconception(
        claim=Text(
            "欧盟 AI 法案按技术类型而非风险监管。",
            "The EU AI Act regulates by technology type rather than by risk.",
        ),
        why=Text("它按风险分级。", "It is risk-based."),
        terms=("technology type + rather than + risk", "技术类型 + 而非 + 风险"),
    )
    points = (KeyPoint("风险分级", "risk-based"),)
    said = grading.grade(by_type.claim.en, points, misconceptions=(by_type,))
    assert said.misconceptions and said.suggested == grading.AGAIN


def test_a_contracted_negation_in_a_claim_catches_it_like_the_full_form():
    no_reference = Misconception(
        claim=Text("DPO 不需要参考模型。", "DPO doesn't need a reference model."),
        why=Text("DPO 的损失里有参考策略。", "DPO's loss is written against a reference policy."),
        terms=("dpo + doesn't need + reference model", "dpo + does not need + reference model"),
    )
    points = (KeyPoint("参考模型", "reference model"),)
    for claim in ("DPO doesn't need a reference model.", "DPO does not need a reference model."):
        assert grading.grade(claim, points, misconceptions=(no_reference,)).misconceptions


def test_wuxu_denies_so_a_true_sentence_with_it_does_not_state_the_claim():
    large_share = Misconception(
        claim=Text(
            "投毒必须控制很大一部分训练数据。", "Poisoning needs a large share of the data."
        ),
        why=Text("约 250 篇文档即可。", "About 250 documents suffice."),
        terms=("投毒 + 控制 + 很大一部分", "poisoning + large share"),
    )
    points = (KeyPoint("数据投毒", "data poisoning"),)
    right = grading.grade("投毒无需控制很大一部分训练数据。", points, misconceptions=(large_share,))
    wrong = grading.grade("投毒必须控制很大一部分训练数据。", points, misconceptions=(large_share,))
    assert not right.misconceptions and wrong.misconceptions


def test_a_term_word_is_not_cut_short_to_fit_a_shorter_answer_word():
    squared = Misconception(
        claim=Text("动量法平均的是梯度的平方。", "Momentum averages the squared gradients."),
        why=Text("那是二阶矩。", "That is the second moment."),
        terms=("momentum + squared gradient",),
    )
    points = (KeyPoint("动量", "momentum"),)
    right = "Adam's second moment averages the squared gradients."
    assert not grading.grade(right, points, misconceptions=(squared,)).misconceptions
    said = grading.grade(
        "Momentum averages the squared gradients.", points, misconceptions=(squared,)
    )
    assert said.misconceptions


def test_a_name_with_fei_in_a_term_does_not_make_the_claim_a_negation():
    # 非结构化剪枝 is a name; a clause that denies the claim must still not state it.
    speeds_up = Misconception(
        claim=Text(
            "非结构化剪枝在普通 GPU 上就能直接加速。", "Unstructured pruning speeds up dense GPUs."
        ),
        why=Text("稀疏不规则，稠密硬件难以加速。", "Irregular sparsity gets no dense speed-up."),
        terms=("非结构化剪枝 + 直接加速",),
    )
    points = (KeyPoint("结构化剪枝", "structured pruning"),)
    right = "非结构化剪枝在普通 GPU 上并不能直接加速。"
    assert not grading.grade(right, points, misconceptions=(speeds_up,)).misconceptions
    wrong = "非结构化剪枝在普通 GPU 上就能直接加速。"
    assert grading.grade(wrong, points, misconceptions=(speeds_up,)).misconceptions


BAGGING = Misconception(
    claim=Text("Bagging 主要降低偏差。", "Bagging mainly reduces bias."),
    why=Text("Bagging 主要降低方差。", "Bagging mainly reduces variance."),
    terms=("bagging mainly reduces bias", "boosting never overfits", "MSE is more robust"),
)


def test_a_claim_made_through_a_pronoun_states_the_misconception_about_its_antecedent():
    wrong = (
        "Bagging trains models on bootstrap samples and averages them, which mainly reduces bias.",
        "Boosting fits models one after another; so it never overfits.",
        "For regression heads people use MSE, which is more robust to outliers than MAE.",
        "Boosting fits models one after another. It never overfits.",
    )
    for answer in wrong:
        result = grading.grade(answer, FIXES, misconceptions=(BAGGING,))
        assert result.misconceptions, answer
    right = (
        "Bagging averages bootstrap models, which mainly reduces variance.",
        "Boosting fits models one after another; it can overfit with too many rounds.",
        "MSE penalises large errors heavily, which is why MAE is more robust to outliers.",
    )
    for answer in right:
        assert not grading.grade(answer, FIXES, misconceptions=(BAGGING,)).misconceptions, answer


def test_articles_and_intensifiers_inside_a_claim_do_not_hide_it():
    for answer in (
        "MSE is actually more robust to outliers.",
        "Boosting really never overfits.",
        "In practice bagging mainly reduces the bias.",
    ):
        wrong = Misconception(BAGGING.claim, BAGGING.why, (*BAGGING.terms, "reduces bias"))
        assert grading.grade(answer, FIXES, misconceptions=(wrong,)).misconceptions, answer
    for answer in ("MSE is not more robust to outliers.", "Boosting rarely never overfits."):
        assert not grading.grade(answer, FIXES, misconceptions=(BAGGING,)).misconceptions, answer


def test_a_negation_in_a_purpose_or_cause_after_the_claim_does_not_hide_the_claim():
    cache = Misconception(
        Text("KV 缓存存的是注意力分数。", "The KV cache stores the attention scores."),
        Text("它存的是键和值。", "It stores the keys and values."),
        ("cache + stores + attention scores", "缓存 + 注意力分数"),
    )
    wrong = (
        "The KV cache stores the attention scores of earlier tokens so that they need not be "
        "recomputed.",
        "KV 缓存保存之前的注意力分数，因为这样就不用重新计算。",
    )
    for answer in wrong:
        assert grading.grade(answer, FIXES, misconceptions=(cache,)).misconceptions, answer
    right = (
        "The KV cache does not store the attention scores, so that memory stays linear.",
        "A common mistake is thinking the cache stores the attention scores, because both are reused.",
        "KV 缓存并不保存注意力分数，因为分数每步都要重新算。",
    )
    for answer in right:
        assert not grading.grade(answer, FIXES, misconceptions=(cache,)).misconceptions, answer


def test_a_bare_dismissal_dismisses_the_part_before_it_but_one_with_its_own_object_does_not():
    points = (KeyPoint("激活重计算", "activation checkpointing"), KeyPoint("ZeRO", "ZeRO"))
    dismissed = grading.grade("激活重计算和 ZeRO 太复杂，没必要。", points)
    assert dismissed.hits == 0 and dismissed.dismissed == (1, 2)
    also = grading.grade("Activation checkpointing and ZeRO are complicated, not needed.", points)
    assert also.hits == 0
    encodable = (KeyPoint("任何输入都能编码", "any input encodable"),)
    kept = grading.grade("以 256 个字节为基础，所以任何输入都能编码，永远不需要 [UNK]。", encodable)
    assert kept.hits == 1 and kept.dismissed == ()


def test_words_gathered_from_a_dismissed_segment_make_no_point():
    """`memory-bandwidth bound` from "... rather than memory-bound, so bandwidth doesn't matter"."""
    bound = [KeyPoint("带宽受限", "bandwidth bound")]
    dismissed = "Generation is compute-bound rather than memory-bound, so bandwidth doesn't matter."
    assert not grading.grade(dismissed, bound).hits
    assert grading.grade("Generation is memory-bound, so bandwidth matters most.", bound).hits


def test_a_chain_of_verdicts_dismisses_what_the_first_one_is_about():
    jobs = [KeyPoint("就业影响", "labor market impact")]
    answer = "就业影响只是经济问题，算不上伦理问题，不需要讨论"
    assert not grading.grade(answer, jobs).hits
    assert grading.grade(answer, jobs).suggested == grading.AGAIN


def test_saying_a_role_will_be_replaced_by_ai_dismisses_it():
    roles = [KeyPoint("数据工程", "data engineering")]
    for answer in ("数据工程这些岗位都会被 AI 取代", "Data engineering will be replaced by AI."):
        assert not grading.grade(answer, roles).hits, answer
    assert grading.grade("数据工程很重要，清洗和去重都靠它", roles).hits


def test_a_chinese_verdict_that_describes_a_noun_or_sets_a_condition_dismisses_nothing():
    points = [KeyPoint("剪枝", "pruning"), KeyPoint("负迁移", "negative transfer")]
    for answer in ("剪枝删掉不重要的权重", "源任务和目标任务不相关时会出现负迁移"):
        result = grading.grade(answer, points)
        assert result.hits == 1 and not result.dismissed, answer
    assert grading.grade("负迁移不重要", points).dismissed == (2,)


def test_an_answer_made_mostly_of_dismissals_makes_no_point():
    points = [
        KeyPoint("残差连接", "residual connections"),
        KeyPoint("梯度裁剪", "gradient clipping"),
    ]
    rejecting = (
        "Residual connections are overrated. Gradient clipping is pointless in practice. "
        "Normalization is a myth, and gradient clipping is used by everyone anyway."
    )
    result = grading.grade(rejecting, points)
    assert result.hits == 0 and result.suggested == grading.AGAIN
    # One dismissal among explanations leaves the points that are made.
    mixed = (
        "Residual connections give gradients a short path. Gradient clipping caps the norm of "
        "the update. Normalization is a myth."
    )
    assert grading.grade(mixed, points).hits == 2
