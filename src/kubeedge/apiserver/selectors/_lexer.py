"""The label selector lexer: characters to tokens, as apimachinery's ``labels.Lexer`` splits them.

Kept apart from the parser because its quirks decide which error a malformed selector gets:
operators are the longest run of ``=!(),<>`` that still spells an operator (``a!==b`` lexes as
``a``, ``!=``, ``=``, ``b``), words end at whitespace or at one of those symbols, ``in`` and
``notin`` are keywords only where an operator may stand, and a NUL character behaves as Go's
zero byte: at the start of a token it ends the input, inside a word it ends the word.
"""

from __future__ import annotations

import enum

__all__ = ["BINARY_OPERATORS", "SelectorSyntaxError", "Token", "in_context", "tokenize"]


class SelectorSyntaxError(ValueError):
    """A selector string that does not parse; the message is apimachinery's."""


class Token(enum.Enum):
    ERROR = "error"
    END = "end"
    CLOSE_PAR = ")"
    COMMA = ","
    NOT = "!"
    DOUBLE_EQUALS = "=="
    EQUALS = "="
    GREATER_THAN = ">"
    IDENTIFIER = "identifier"
    IN = "in"
    LESS_THAN = "<"
    NOT_EQUALS = "!="
    NOT_IN = "notin"
    OPEN_PAR = "("


_LITERALS = {
    ")": Token.CLOSE_PAR,
    ",": Token.COMMA,
    "!": Token.NOT,
    "==": Token.DOUBLE_EQUALS,
    "=": Token.EQUALS,
    ">": Token.GREATER_THAN,
    "in": Token.IN,
    "<": Token.LESS_THAN,
    "!=": Token.NOT_EQUALS,
    "notin": Token.NOT_IN,
    "(": Token.OPEN_PAR,
}

# Token -> selection.Operator spelling, for the tokens that may stand between key and value.
BINARY_OPERATORS = {
    Token.IN: "in",
    Token.EQUALS: "=",
    Token.DOUBLE_EQUALS: "==",
    Token.GREATER_THAN: "gt",
    Token.LESS_THAN: "lt",
    Token.NOT_IN: "notin",
    Token.NOT_EQUALS: "!=",
}

_SPECIAL = frozenset("=!(),><")
_WHITESPACE = frozenset(" \t\r\n")
_NUL = "\0"


def tokenize(text: str) -> list[tuple[Token, str]]:
    """All tokens of ``text``, ending with exactly one ``END`` token."""
    items: list[tuple[Token, str]] = []
    position = 0
    length = len(text)
    while True:
        while position < length and text[position] in _WHITESPACE:
            position += 1
        if position >= length or text[position] == _NUL:
            items.append((Token.END, ""))
            return items
        if text[position] in _SPECIAL:
            token, literal, position = _symbol(text, position)
        else:
            token, literal, position = _word(text, position)
        items.append((token, literal))


def _word(text: str, position: int) -> tuple[Token, str, int]:
    start = position
    end = position
    while position < len(text):
        char = text[position]
        if char == _NUL:
            position += 1  # consumed, as Go's reader does with a zero byte
            break
        if char in _SPECIAL or char in _WHITESPACE:
            break
        position += 1
        end = position
    word = text[start:end]
    token = _LITERALS.get(word, Token.IDENTIFIER)
    return token, word, position


def _symbol(text: str, position: int) -> tuple[Token, str, int]:
    buffer = ""
    best: tuple[Token, str] | None = None
    while position < len(text):
        char = text[position]
        if char == _NUL:
            position += 1
            break
        if char not in _SPECIAL:
            break
        buffer += char
        position += 1
        token = _LITERALS.get(buffer)
        if token is not None:
            best = (token, buffer)
        elif best is not None:
            position -= 1  # this symbol starts the next token
            break
    if best is None:
        return Token.ERROR, f"error expected: keyword found '{buffer}'", position
    return best[0], best[1], position


def in_context(item: tuple[Token, str], *, values: bool) -> tuple[Token, str]:
    """Where a value may stand, ``in`` and ``notin`` are plain identifiers."""
    token, literal = item
    if values and token in (Token.IN, Token.NOT_IN):
        return Token.IDENTIFIER, literal
    return token, literal
