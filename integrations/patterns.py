"""Message patterns of the troubleshooting catalogue, matched in linear time.

Consultants write these patterns; Python's ``re`` backtracks, so a pattern like ``(.*\\s?)*!``
could spin for hours on one error message. RE2 (Google's engine, through its maintained
binding) guarantees time linear in the text and refuses constructs that need backtracking
(back-references, look-arounds).
"""

from functools import lru_cache

import re2

# Error texts are short; a longer one is cut before matching (a second bound on the work).
MAX_TEXT = 20_000


class PatternError(ValueError):
    """The pattern is not a valid RE2 expression."""


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> "re2._Regexp":
    """The case-insensitive RE2 program of ``pattern`` (cached)."""
    options = re2.Options()
    options.case_sensitive = False
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        detail = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise PatternError(str(detail)) from None


def pattern_search(pattern: str, text: str) -> bool:
    """True when ``pattern`` occurs in ``text`` (an invalid pattern matches nothing)."""
    try:
        program = compile_pattern(pattern)
    except PatternError:
        return False
    return program.search(text[:MAX_TEXT]) is not None
