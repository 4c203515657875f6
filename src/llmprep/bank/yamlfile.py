"""Read one YAML file safely, remembering the line of every mapping and key.

PyYAML's safe loader refuses tags such as `!!python/object/apply` (nothing is ever executed), but it
silently keeps the last of two duplicate keys and forgets where each value came from. This reader
builds the data straight from the parser's events, so every message can say `file:line`, duplicate
keys are reported, and a hostile file is refused at the line where it turns hostile, in
milliseconds: anchors and aliases (a few hundred bytes of nested aliases expand to billions of
values), nesting deeper than any entry needs, and files or value counts far beyond any bank.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from llmprep.bank.problems import LineDict, LineList, Problem, display_path, short_repr

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 8 * 2**20  # the largest shipped bank file is about 0.2 MiB
MAX_DEPTH = 20  # an entry nests five levels deep
MAX_VALUES = 200_000  # about 8 MiB of real entries

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_SCALARS = {
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:bool": _BaseLoader.construct_yaml_bool,
    "tag:yaml.org,2002:int": _BaseLoader.construct_yaml_int,
    "tag:yaml.org,2002:float": _BaseLoader.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": lambda loader, node: node.value,  # a date stays text
}


class _Refused(yaml.MarkedYAMLError):
    """A YAML construct a bank file may not use; `problem_mark` says where it is."""

    def __init__(self, message: str, mark) -> None:
        super().__init__(problem=message, problem_mark=mark)


class _Open:
    """A mapping or sequence being filled, and for a mapping the key waiting for its value."""

    __slots__ = ("container", "line", "key", "key_line", "has_key")

    def __init__(self, container: LineDict | LineList, line: int) -> None:
        self.container, self.line = container, line
        self.key, self.key_line, self.has_key = None, 0, False


class _Builder:
    """Turns the parser's events into LineDicts, LineLists and scalars, without recursion.

    Only the standard safe tags are accepted: any other tag is an error, never executed.
    """

    def __init__(self, loader) -> None:
        self.loader = loader
        self.duplicates: list[tuple[int, object]] = []

    def document(self):
        """The single document of the stream, or None when the stream is empty."""
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        start = loader.get_event()  # document start
        data = self._values()
        if loader.check_event(yaml.DocumentStartEvent):
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", start.start_mark,
                "but found another document", loader.peek_event().start_mark,
            )  # fmt: skip
        return data

    def _values(self):
        get, stack, count, root = self.loader.get_event, [], 0, None
        while True:
            event = get()
            if isinstance(event, yaml.DocumentEndEvent):
                return root
            if isinstance(event, yaml.AliasEvent):
                raise _Refused(
                    f"alias *{event.anchor}: anchors and aliases are not allowed in a bank file; "
                    "write the value out",
                    event.start_mark,
                )
            if isinstance(event, yaml.CollectionEndEvent):
                done = stack.pop()
                value, line = done.container, done.line
            else:  # a scalar, or the start of a mapping or a sequence
                count += 1
                _check_limits(event, count, len(stack))
                if isinstance(event, yaml.CollectionStartEvent):
                    stack.append(self._open(event))
                    continue
                value, line = self._scalar(event), event.start_mark.line + 1
            if stack:
                self._add(stack[-1], value, line)
            else:
                root = value

    def _scalar(self, event):
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _STR:
            return event.value
        construct = _SCALARS.get(tag)
        if construct is None:
            raise _tag_error(tag, event.start_mark)
        return construct(self.loader, yaml.ScalarNode(tag, event.value))

    def _open(self, event) -> _Open:
        is_mapping = isinstance(event, yaml.MappingStartEvent)
        expected = _MAP if is_mapping else _SEQ
        if event.tag not in (None, "!", expected):
            raise _tag_error(event.tag, event.start_mark)
        line = event.start_mark.line + 1
        container = LineDict() if is_mapping else LineList()
        if is_mapping:
            container.line = line
        return _Open(container, line)

    def _add(self, parent: _Open, value, line: int) -> None:
        container = parent.container
        if isinstance(container, LineList):
            container.append(value)
            container.item_lines.append(line)
        elif not parent.has_key:
            if not isinstance(value, str | int | float | bool | None):
                value = str(value)
            parent.key, parent.key_line, parent.has_key = value, line, True
        else:
            key = parent.key
            if key in container:
                self.duplicates.append((parent.key_line, key))
            container[key] = value
            container.key_lines[key] = parent.key_line
            parent.has_key = False


def _check_limits(event, count: int, depth: int) -> None:
    """Refuse an anchor, one value too many, or a collection nested one level too deep."""
    if event.anchor is not None:
        raise _Refused(
            f"anchor &{event.anchor}: anchors and aliases are not allowed in a bank file",
            event.start_mark,
        )
    if count > MAX_VALUES:
        raise _Refused(
            f"more than {MAX_VALUES:,} values: too many for a bank file", event.start_mark
        )
    if depth >= MAX_DEPTH and isinstance(event, yaml.CollectionStartEvent):
        raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)


def _tag_error(tag: str, mark) -> yaml.MarkedYAMLError:
    return _Refused(f"unsupported YAML tag {tag!r} (only plain data is allowed)", mark)


def read_yaml(path: Path) -> tuple[object, list[Problem]]:
    """Parse `path`; return its data (None when unreadable) and the problems found."""
    shown = display_path(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as error:
        return None, [Problem(shown, 0, "", f"cannot read file: {error.strerror or error}")]
    if len(raw) > MAX_BYTES:
        line = raw.count(b"\n", 0, MAX_BYTES) + 1
        message = f"the file is larger than {MAX_BYTES // 2**20} MiB: split it into several files"
        return None, [Problem(shown, line, "", message)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [
            Problem(shown, line, "", f"file is not UTF-8 (byte 0x{raw[error.start]:02x})")
        ]
    loader = _BaseLoader(text)
    builder = _Builder(loader)
    try:
        data = builder.document()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        return None, [Problem(shown, line, "", f"YAML error: {message}")]
    except yaml.YAMLError as error:
        return None, [Problem(shown, 0, "", f"YAML error: {error}")]
    finally:
        loader.dispose()
    problems = [
        Problem(
            shown, line, "", f"duplicate key {short_repr(key)} (the earlier value would be lost)"
        )
        for line, key in builder.duplicates
    ]
    return data, problems
