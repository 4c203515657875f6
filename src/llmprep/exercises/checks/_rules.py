"""The check every exercise ends with: the task's rule, numpy and the standard library only.

PYTEST_DONT_REWRITE
"""

from __future__ import annotations

import sys

from llmprep.exercises import rules


def check_numpy_only(
    Candidate,  # noqa: N803
    context,
    X=None,  # noqa: N803
    y=None,
    apply="predict",
    use=None,
    args=(),
) -> None:
    """Fail, naming each use, if the candidate's code uses a library that does the work.

    `context` is the plugin's (Sources, ImportWatch): what the file imports statically, what the
    class inherits, what its module and a fitted model hold, and what it imported while it ran.
    The model is `Candidate(*args)` (`args` when the constructor needs some, as LayerNorm needs
    its dim) put to work: by `use(model)` when given (a class that is not an estimator, such as
    a tokenizer or a layer), else fitted (as fit(X) when `y` is None: a model that learns without
    labels) and then `apply`-ed to X (predict, or transform for PCA).
    """
    sources, watch = context
    before = set(sys.modules)
    model = None
    try:
        model = Candidate(*args)
        if use is not None:
            use(model)
        else:
            model.fit(X) if y is None else model.fit(X, y)
            getattr(model, apply)(X)
    except Exception:  # noqa: BLE001 - the other checks report the candidate's errors
        pass
    found = rules.static_findings(sources) + rules.class_findings(Candidate, sources)
    module = sys.modules.get(Candidate.__module__)
    if module is not None:
        found += rules.held_findings(module, "", sources)
    if model is not None:
        found += rules.held_findings(model, "self", sources)
    found += [
        rules.Finding(name, f"{Candidate.__name__}.fit/{apply}", f"import {name} as they run")
        for name in rules.new_modules(before, sources)[:1]
    ]
    found += watch.findings
    assert not found, rules.explain(found, sources.impl.name)
