"""The readByQuery ``<query>`` language: a small SQL WHERE subset, parsed to bound SQL.

Supported: ``= != <> < > <= >=``, ``[NOT] LIKE``, ``[NOT] IN (...)``, ``IS [NOT] NULL``,
``AND``/``OR``/``NOT`` and parentheses; single-quoted literals with ``\\'`` escapes, or bare
numbers. Anything else (ORDER BY, functions, joins) is a ``DL02000001`` failure, as on the
gateway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import data_layer_error
from .columns import Resolver, literal

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:\\.|[^'\\])*')
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<op><>|!=|<=|>=|=|<|>)
      | (?P<paren>[(),])
      | (?P<word>[A-Za-z_][A-Za-z0-9_.]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"AND", "OR", "NOT", "IN", "LIKE", "IS", "NULL"}
_FORBIDDEN = {"ORDER", "BY", "SELECT", "FROM", "JOIN", "GROUP", "LIMIT", "UNION"}


@dataclass
class Token:
    """One lexical token."""

    kind: str
    value: str


def tokenize(text: str) -> list[Token]:
    """Split a query string into tokens; unknown characters are a data-layer error."""
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            raise data_layer_error(f"Invalid query near '{text[position : position + 20]}'")
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "string":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        elif kind == "word" and value.upper() in _KEYWORDS | _FORBIDDEN:
            kind, value = "keyword", value.upper()
        tokens.append(Token(kind, value))
        position = match.end()
    return tokens


class Parser:
    """Recursive-descent parser producing an SQL fragment and its parameters."""

    def __init__(self, text: str, resolver: Resolver) -> None:
        self.tokens = tokenize(text)
        self.position = 0
        self.resolver = resolver
        self.params: list[Any] = []

    def _peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> Token:
        token = self._peek()
        if token is None:
            raise data_layer_error("Unexpected end of query")
        self.position += 1
        return token

    def _accept(self, kind: str, value: str | None = None) -> bool:
        token = self._peek()
        if token and token.kind == kind and (value is None or token.value == value):
            self.position += 1
            return True
        return False

    def parse(self) -> str:
        """Parse the whole query; an empty query means 'all rows' (returns '')."""
        if not self.tokens:
            return ""
        sql = self._or()
        if self._peek() is not None:
            raise data_layer_error(f"Unexpected '{self._peek().value}' in query")  # type: ignore[union-attr]
        return sql

    def _or(self) -> str:
        parts = [self._and()]
        while self._accept("keyword", "OR"):
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def _and(self) -> str:
        parts = [self._not()]
        while self._accept("keyword", "AND"):
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def _not(self) -> str:
        if self._accept("keyword", "NOT"):
            return f"NOT ({self._not()})"
        if self._accept("paren", "("):
            inner = self._or()
            if not self._accept("paren", ")"):
                raise data_layer_error("Missing ')' in query")
            return f"({inner})"
        return self._comparison()

    def _value(self, name: str, field: Any) -> Any:
        token = self._take()
        if token.kind not in ("string", "number"):
            raise data_layer_error(f"Expected a value after {name}, found '{token.value}'")
        return literal(self.resolver.definition, field, name, token.value, legacy=True)

    def _comparison(self) -> str:
        token = self._take()
        if token.kind != "word":
            raise data_layer_error(f"Expected a field name, found '{token.value}'")
        column, field = self.resolver.resolve(token.value)
        negate = self._accept("keyword", "NOT")
        if self._accept("keyword", "IN"):
            if not self._accept("paren", "("):
                raise data_layer_error("Expected '(' after IN")
            values = [self._value(token.value, field)]
            while self._accept("paren", ","):
                values.append(self._value(token.value, field))
            if not self._accept("paren", ")"):
                raise data_layer_error("Expected ')' after IN list")
            self.params.extend(values)
            marks = ", ".join("?" for _ in values)
            return f"{column} {'NOT IN' if negate else 'IN'} ({marks})"
        if self._accept("keyword", "LIKE"):
            self.params.append(self._value(token.value, None))
            return f"{column} {'NOT LIKE' if negate else 'LIKE'} ?"
        if negate:
            raise data_layer_error("NOT must be followed by IN or LIKE here")
        if self._accept("keyword", "IS"):
            negated = self._accept("keyword", "NOT")
            if not self._accept("keyword", "NULL"):
                raise data_layer_error("Expected NULL after IS")
            if negated:
                return f"({column} IS NOT NULL AND {column} != '')"
            return f"({column} IS NULL OR {column} = '')"
        operator = self._take()
        if operator.kind != "op":
            raise data_layer_error(f"Expected an operator after {token.value}")
        sql_operator = "!=" if operator.value == "<>" else operator.value
        self.params.append(self._value(token.value, field))
        return f"{column} {sql_operator} ?"


def parse_where(text: str, resolver: Resolver) -> tuple[str, list[Any]]:
    """Translate a readByQuery query string into ``(sql, params)``."""
    parser = Parser(text, resolver)
    sql = parser.parse()
    return sql, parser.params
