"""Read one YAML file safely, remembering the line of every mapping and key.

PyYAML's safe loader refuses tags such as `!!python/object/apply` (nothing is ever executed), but it
silently keeps the last of two duplicate keys and forgets where each value came from. This loader
records duplicates as problems and attaches line numbers, so every message can say `file:line`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from llmprep.bank.problems import LineDict, LineList, Problem, display_path

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_SCALARS = {
    _STR: lambda loader, node: node.value,
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:bool": _BaseLoader.construct_yaml_bool,
    "tag:yaml.org,2002:int": _BaseLoader.construct_yaml_int,
    "tag:yaml.org,2002:float": _BaseLoader.construct_yaml_float,
    "tag:yaml.org,2002:timestamp": lambda loader, node: node.value,  # a date stays text
}


class _NodeConverter:
    """Turns a composed YAML node tree into LineDicts, LineLists and scalars.

    PyYAML's own constructor does the same but knows no line numbers and drops duplicate keys;
    walking the nodes directly is also about twice as fast. Only the standard safe tags are
    accepted: any other tag (such as `!!python/object/apply`) is an error, never executed.
    """

    def __init__(self, loader) -> None:
        self.loader = loader
        self.duplicates: list[tuple[int, object]] = []
        self.done: dict[int, object] = {}  # aliases point at one node: convert it once

    def convert(self, node: yaml.Node):
        known = self.done.get(id(node))
        if known is not None:
            return known
        if isinstance(node, yaml.ScalarNode):
            scalar = _SCALARS.get(node.tag)
            if scalar is None:
                raise _tag_error(node)
            return scalar(self.loader, node)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            sequence = LineList()
            self.done[id(node)] = sequence
            for item in node.value:
                sequence.append(self.convert(item))
                sequence.item_lines.append(item.start_mark.line + 1)
            return sequence
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self._mapping(node)
        raise _tag_error(node)

    def _mapping(self, node: yaml.MappingNode) -> LineDict:
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        self.done[id(node)] = mapping
        for key_node, value_node in node.value:
            key = self.convert(key_node)
            if not isinstance(key, str | int | float | bool | None):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in mapping:
                self.duplicates.append((line, key))
            mapping[key] = self.convert(value_node)
            mapping.key_lines[key] = line
        return mapping


def _tag_error(node: yaml.Node) -> yaml.MarkedYAMLError:
    return yaml.constructor.ConstructorError(
        None,
        None,
        f"unsupported YAML tag {node.tag!r} (only plain data is allowed)",
        node.start_mark,
    )


def read_yaml(path: Path) -> tuple[object, list[Problem]]:
    """Parse `path`; return its data (None when unreadable) and the problems found."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown, 0, "", f"cannot read file: {error.strerror or error}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [
            Problem(shown, line, "", f"file is not UTF-8 (byte 0x{raw[error.start]:02x})")
        ]
    loader = _BaseLoader(text)
    converter = _NodeConverter(loader)
    try:
        node = loader.get_single_node()
        data = converter.convert(node) if node is not None else None
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
        Problem(shown, line, "", f"duplicate key {key!r} (the earlier value would be lost)")
        for line, key in converter.duplicates
    ]
    return data, problems
