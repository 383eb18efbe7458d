"""Check a JSON value against one of ActionKit's JSON Schema files.

The schema files in assets/data/ are the one definition of the dataset's shape.
This interprets the part of JSON Schema they use (type, enum, const, pattern,
lengths, bounds, properties, required, additionalProperties,
patternProperties, items, anyOf, local $ref) and reports *every* problem as a
(path, message) pair in words a volunteer can act on. A keyword "x-message" on
a schema node replaces the generic message for that node.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from actionkit.core.assets import asset_path

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object ({...})",
    "null": "null",
}


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    return value is None  # "null"


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _quote(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class SchemaChecker:
    """Validates values against one schema document (with its own $defs)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema

    def problems(self, value: Any, path: str = "") -> list[Problem]:
        found: list[Problem] = []
        self._check(value, self.schema, path, found)
        return found

    def _resolve(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/$defs/"):
                raise ValueError(f"unsupported $ref {ref}")
            node = {
                **self.schema["$defs"][ref.removeprefix("#/$defs/")],
                **{k: v for k, v in node.items() if k != "$ref"},
            }
        return node

    def _check(self, value: Any, node: dict[str, Any], path: str, found: list[Problem]) -> None:
        node = self._resolve(node)
        before = len(found)
        self._check_node(value, node, path, found)
        if len(found) > before and "x-message" in node:
            # One clear sentence instead of the generic details.
            del found[before:]
            found.append(Problem(path, str(node["x-message"])))

    def _check_node(
        self, value: Any, node: dict[str, Any], path: str, found: list[Problem]
    ) -> None:
        if "anyOf" in node:
            if not any(not self.problems_at(value, option, path) for option in node["anyOf"]):
                found.append(Problem(path, f"{_quote(value)} is not allowed here"))
            return
        if "const" in node and value != node["const"]:
            found.append(Problem(path, f"must be {_quote(node['const'])}"))
            return
        if "enum" in node:
            if value not in node["enum"]:
                allowed = ", ".join("null" if v is None else str(v) for v in node["enum"])
                found.append(Problem(path, f"{_quote(value)} must be one of: {allowed}"))
            return
        if "type" in node:
            types = node["type"] if isinstance(node["type"], list) else [node["type"]]
            if not any(_is_type(value, t) for t in types):
                words = " or ".join(_TYPE_WORDS[t] for t in types)
                found.append(Problem(path, f"must be {words}, not {_quote(value)}"))
                return
        if isinstance(value, str):
            self._check_string(value, node, path, found)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            if "minimum" in node and value < node["minimum"]:
                found.append(Problem(path, f"must be at least {node['minimum']}"))
            if "maximum" in node and value > node["maximum"]:
                found.append(Problem(path, f"must be at most {node['maximum']}"))
        elif isinstance(value, list):
            self._check_array(value, node, path, found)
        elif isinstance(value, dict):
            self._check_object(value, node, path, found)

    def problems_at(self, value: Any, node: dict[str, Any], path: str) -> list[Problem]:
        found: list[Problem] = []
        self._check(value, node, path, found)
        return found

    def _check_string(
        self, value: str, node: dict[str, Any], path: str, found: list[Problem]
    ) -> None:
        _check_size(len(value), node, "minLength", "maxLength", "characters", path, found)
        if "pattern" in node and not _compiled(node["pattern"]).search(value):
            found.append(Problem(path, f"{_quote(value)} is not in the expected form"))

    def _check_array(
        self, value: list[Any], node: dict[str, Any], path: str, found: list[Problem]
    ) -> None:
        if not _check_size(len(value), node, "minItems", "maxItems", "items", path, found):
            return  # far too many items: do not check each one
        if "items" in node:
            for index, item in enumerate(value):
                self._check(item, node["items"], _join(path, index), found)

    def _check_object(
        self, value: dict[str, Any], node: dict[str, Any], path: str, found: list[Problem]
    ) -> None:
        for key in node.get("required", []):
            if key not in value:
                found.append(Problem(_join(path, key), "is required but missing"))
        properties: dict[str, Any] = node.get("properties", {})
        patterns: dict[str, Any] = node.get("patternProperties", {})
        for key, item in value.items():
            if key in properties:
                self._check(item, properties[key], _join(path, key), found)
                continue
            matched = [p for p in patterns if _compiled(p).search(key)]
            for pattern in matched:
                self._check(item, patterns[pattern], _join(path, key), found)
            if not matched and node.get("additionalProperties") is False:
                found.append(Problem(_join(path, key), "is not a known field"))


def _check_size(
    size: int,
    node: dict[str, Any],
    low: str,
    high: str,
    noun: str,
    path: str,
    found: list[Problem],
) -> bool:
    """Bounds on a length or count; False when it is over the maximum."""
    noun = noun.removesuffix("s") if size == 1 else noun
    if low in node and size < node[low]:
        found.append(Problem(path, f"has {size} {noun}; at least {node[low]} needed"))
    if high in node and size > node[high]:
        found.append(Problem(path, f"has {size} {noun}; at most {node[high]} allowed"))
        return False
    return True


@cache
def checker(schema_file: str) -> SchemaChecker:
    """The checker for a bundled schema, e.g. `checker("person.schema.json")`."""
    with asset_path("data", schema_file).open(encoding="utf-8") as fh:
        return SchemaChecker(json.load(fh))
