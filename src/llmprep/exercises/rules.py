"""The tasks' rule, "numpy and the Python standard library only", as something a check can test.

A library that does the exercise's work (scikit-learn, a QP solver, a deep-learning framework, a
tokenizer library, llmprep's own solutions) is *forbidden*. A file is found using one in four ways:

- statically, in the file and in its own modules that it imports: `import`, `from ... import`, and
  `__import__` or `importlib.import_module` called with a constant name;
- by its class: a forbidden class in the candidate class's MRO (`class KNNClassifier(
  KNeighborsClassifier)`);
- by what it holds: a forbidden object in the module's globals or in a fitted model's attributes
  (`self.model = SVC()`), however it was imported;
- by what it imports while it runs: an audit hook (`ImportWatch`) notes every forbidden module
  first imported while the candidate's code is on the stack.

scikit-learn's estimator scaffolding (`sklearn.base`, input validation, its exceptions) is allowed,
so an implementation may be a scikit-learn estimator: it is not the algorithm. Modules whose files
are the candidate's own (beside it, or in its package) are never forbidden.

Imported by the plugin in every grading process: it imports nothing heavy.
"""

from __future__ import annotations

import ast
import os
import sys
from dataclasses import dataclass
from pathlib import Path

# module prefix -> what it is, as the learner reads it
FORBIDDEN = {
    "sklearn": "scikit-learn",
    "scipy.optimize": "scipy's optimisers",
    "cvxopt": "the QP solver cvxopt",
    "cvxpy": "the optimisation library cvxpy",
    "qpsolvers": "the QP solvers of qpsolvers",
    "quadprog": "the QP solver quadprog",
    "libsvm": "LIBSVM",
    "torch": "PyTorch",
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "jax": "JAX",
    "tiktoken": "OpenAI's tiktoken",
    "tokenizers": "Hugging Face tokenizers",
    "transformers": "Hugging Face Transformers",
    "sentencepiece": "SentencePiece",
    "llmprep": "llmprep's own reference solutions",
}
# Not the algorithm: what makes a class a scikit-learn estimator, and input validation.
SCAFFOLDING = (
    "sklearn.base",
    "sklearn.exceptions",
    "sklearn.utils.validation",
    "sklearn.utils.multiclass",
    "sklearn.utils._param_validation",
    "sklearn.utils._tags",
    "sklearn.utils._metadata_requests",
    "sklearn.utils._repr_html",
    "sklearn.utils._estimator_html_repr",
    "sklearn.utils._set_output",
)
IMPORTERS = {"__import__", "import_module"}  # called with a module name


@dataclass(frozen=True, slots=True)
class Finding:
    """One use of a forbidden library: the module, where (file:line, or what holds it), and how."""

    module: str
    where: str
    how: str

    @property
    def library(self) -> str:
        return FORBIDDEN[_prefix(self.module)]

    def describe(self) -> str:
        return f"{self.where}: {self.how}"


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _prefix(name: str) -> str:
    return next(prefix for prefix in FORBIDDEN if _within(name, prefix))


def is_forbidden(name: str) -> bool:
    """Whether the module `name` belongs to a forbidden library (and is not scaffolding)."""
    return any(_within(name, prefix) for prefix in FORBIDDEN) and not any(
        _within(name, allowed) for allowed in SCAFFOLDING
    )


class Sources:
    """The candidate's file and where its own modules live (its folder, or its package's root)."""

    def __init__(self, impl: Path) -> None:
        self.impl = impl.resolve()
        folder = self.impl.parent
        package: list[str] = []
        while (folder / "__init__.py").is_file():
            package.insert(0, folder.name)
            folder = folder.parent
        self.root = folder
        self.package = package  # the dotted package of the file, [] for a plain file
        self.folder = str(self.impl.parent) + os.sep

    def own_file(self, module: str) -> Path | None:
        """The file of module `module` if it is one of the candidate's own, else None."""
        base = self.root.joinpath(*module.split("."))
        for path in (base.with_suffix(".py"), base / "__init__.py"):
            if path.is_file():
                return path
        return None

    def is_own_code(self, filename: str) -> bool:
        """Whether a frame's file is the candidate's (its file or a module beside it)."""
        if filename == str(self.impl):
            return True
        real = os.path.realpath(filename)
        return real.startswith(self.folder) and "site-packages" not in real


def static_findings(sources: Sources) -> list[Finding]:
    """Forbidden imports written in the candidate's file and in its own modules that it imports."""
    findings: list[Finding] = []
    files, seen = [sources.impl], {sources.impl}
    for path in files:  # grows while it is walked: own modules of own modules
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
            tree = ast.parse(text)
        except (OSError, SyntaxError, ValueError):
            continue
        reported = set()
        for node, module, parent in _imports(tree, _package_of(path, sources)):
            own = sources.own_file(module)
            if own is not None:
                if own not in seen:
                    seen.add(own)
                    files.append(own)
            elif parent is not None and sources.own_file(parent) is not None:
                continue  # a name from one of the candidate's own modules
            elif is_forbidden(module) and node.lineno not in reported:
                reported.add(node.lineno)
                code = (ast.get_source_segment(text, node) or module).strip().splitlines()[0]
                findings.append(Finding(module, f"{path.name}, line {node.lineno}", f"`{code}`"))
    return findings


def _package_of(path: Path, sources: Sources) -> list[str]:
    try:
        return list(path.parent.relative_to(sources.root).parts)
    except ValueError:
        return []


def _imports(tree: ast.AST, package: list[str]):
    """(node, absolute module name, parent) of every import in `tree`.

    `from a import b` yields `a` and also `a.b` (with parent `a`): b may be a submodule.
    """
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            if module:
                yield node, module, None
            for alias in node.names:  # `from scipy import optimize` imports scipy.optimize
                yield node, f"{module}.{alias.name}" if module else alias.name, module or None
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            name = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", "")
            )
            first = node.args[0]
            if (
                name in IMPORTERS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                yield node, first.value, None


# -- while it runs ---------------------------------------------------------------------------------


def class_findings(candidate: type, sources: Sources) -> list[Finding]:
    """The first forbidden class the candidate class inherits from (its own bases are fine)."""
    for base in candidate.__mro__[1:]:
        if is_forbidden(base.__module__ or "") and sources.own_file(base.__module__) is None:
            return [
                Finding(
                    base.__module__,
                    f"class {candidate.__name__}",
                    f"inherits from {_qualified(base)}",
                )
            ]
    return []


def held_findings(holder: object, where: str, sources: Sources) -> list[Finding]:
    """Forbidden modules, classes or objects among the attributes or globals of `holder`."""
    found = []
    values = vars(holder) if hasattr(holder, "__dict__") else {}
    for name, value in list(values.items()):
        for item in _one_level(value):
            module = _module_of(item)
            if module and is_forbidden(module) and sources.own_file(module) is None:
                what = f"{where}.{name}" if where else f"the global {name}"
                verb = "holds" if item is not value else "is"
                found.append(Finding(module, what, f"{verb} {_describe(item)}"))
                break
    return found


def _one_level(value):
    yield value
    if isinstance(value, list | tuple | set | frozenset):
        yield from list(value)[:100]
    elif isinstance(value, dict):
        yield from list(value.values())[:100]


def _module_of(value) -> str:
    if isinstance(value, type(sys)):
        return value.__name__
    if isinstance(value, type) or callable(value) and hasattr(value, "__module__"):
        return getattr(value, "__module__", "") or ""
    return getattr(type(value), "__module__", "") or ""


def _describe(value) -> str:
    if isinstance(value, type(sys)):
        return f"the module {value.__name__}"
    if isinstance(value, type) or callable(value):
        return _qualified(value)
    return f"a {_qualified(type(value))} object"


def _qualified(thing) -> str:
    module = getattr(thing, "__module__", "") or ""
    public = ".".join(part for part in module.split(".") if not part.startswith("_"))
    return f"{public}.{getattr(thing, '__qualname__', getattr(thing, '__name__', '?'))}"


def new_modules(before: set[str], sources: Sources) -> list[str]:
    """Forbidden modules imported since `before` was taken from `sys.modules`."""
    return sorted(
        name
        for name in set(sys.modules) - before
        if is_forbidden(name) and sources.own_file(name) is None
    )


def explain(findings: list[Finding], file_name: str) -> str:
    """What a learner reads when the rule is broken: each library, and where it is used."""
    libraries = list(dict.fromkeys(finding.library for finding in findings))
    lines, places = [], set()
    for finding in findings:  # the first finding of each place says the most
        if finding.where not in places and len(lines) < 6:
            places.add(finding.where)
            lines.append(f"  {finding.describe()}")
    return (
        "the task allows only numpy and the Python standard library, but "
        f"{file_name} uses {' and '.join(libraries)}:\n" + "\n".join(lines) + "\n"
        "Write the algorithm itself with numpy and the standard library: that is what the exercise "
        "(and an interviewer) asks."
    )


class ImportWatch:
    """An audit hook noting each forbidden module first imported by the candidate's own code."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self.findings: list[Finding] = []

    def install(self) -> None:
        sys.addaudithook(self._hook)  # for the rest of the process: only ever in a grading one

    def _hook(self, event: str, args: tuple) -> None:
        if event != "import" or not args or not isinstance(args[0], str):
            return
        if not is_forbidden(args[0]) or len(self.findings) >= 20:
            return
        frame = sys._getframe(1)
        while frame is not None:
            filename = frame.f_code.co_filename
            if self.sources.is_own_code(filename):
                where = f"{Path(filename).name}, line {frame.f_lineno}"
                if not any(finding.where == where for finding in self.findings):
                    library = FORBIDDEN[_prefix(args[0])]
                    self.findings.append(Finding(args[0], where, f"imports {library} as it runs"))
                return
            frame = frame.f_back
