"""Line numbers of the keys, tables and list items of a TOML text, which tomllib does not give."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence

KeyPath = tuple[str | int, ...]
"""A place in the parsed data: table keys and list positions, e.g. ("connections", 0, "to")."""

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR_END = re.compile(r"[,\]}\n#]")


class KeyLines:
    """Where each key of an already valid TOML text is written; lookups fall back to the parent."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        try:
            _Scanner(text, self._lines).run()
        except (ValueError, IndexError, RecursionError, tomllib.TOMLDecodeError):
            pass  # keep the lines found so far; a lookup falls back to a parent or line 1

    def line_of(self, path: Sequence[str | int]) -> int:
        """The line of the key at `path`, else of its nearest written parent, else 1."""
        for end in range(len(path), 0, -1):
            found = self._lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return 1

    def known(self, path: Sequence[str | int]) -> bool:
        """True when the scan found this exact path."""
        return tuple(path) in self._lines


class _Scanner:
    """A forgiving walk over valid TOML that records the line each path starts on."""

    def __init__(self, text: str, lines: dict[KeyPath, int]) -> None:
        self.text = text
        self.pos = 0
        self.lines = lines
        self.array_sizes: dict[KeyPath, int] = {}

    @property
    def line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1

    def peek(self, length: int = 1) -> str:
        return self.text[self.pos : self.pos + length]

    def record(self, path: KeyPath) -> None:
        self.lines.setdefault(path, self.line)

    def run(self) -> None:
        table: KeyPath = ()
        while self.skip_space(newlines=True):
            if self.peek(2) == "[[":
                table = self.header(array=True)
            elif self.peek() == "[":
                table = self.header(array=False)
            else:
                self.key_value(table)

    def skip_space(self, newlines: bool) -> bool:
        """Skip blanks and comments (and line ends if asked); False at the end of the text."""
        blanks = " \t\r\n" if newlines else " \t\r"
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            elif char in blanks:
                self.pos += 1
            else:
                return True
        return False

    def header(self, array: bool) -> KeyPath:
        self.pos += 2 if array else 1
        keys = self.key()
        self.pos += 2 if array else 1
        path = self.resolve(keys, array)
        for end in range(1, len(path) + 1):
            self.record(path[:end])
        return path

    def resolve(self, keys: list[str], array: bool) -> KeyPath:
        """The header's path, with the current element index after each array of tables."""
        path: KeyPath = ()
        for position, key in enumerate(keys):
            path += (key,)
            last = position == len(keys) - 1
            if array and last:
                self.array_sizes[path] = self.array_sizes.get(path, 0) + 1
            if path in self.array_sizes:
                path += (self.array_sizes[path] - 1,)
        return path

    def key(self) -> list[str]:
        """A dotted key, bare or quoted parts; the position ends after it."""
        parts = []
        while True:
            self.skip_space(newlines=False)
            parts.append(self.key_part())
            self.skip_space(newlines=False)
            if self.peek() != ".":
                return parts
            self.pos += 1

    def key_part(self) -> str:
        if self.peek() in ("'", '"'):
            start = self.pos
            self.skip_string()
            decoded: str = tomllib.loads(f"k = {self.text[start : self.pos]}")["k"]
            return decoded
        match = _BARE_KEY.match(self.text, self.pos)
        if match is None:
            raise ValueError(f"no key at line {self.line}")
        self.pos = match.end()
        return match.group()

    def key_value(self, table: KeyPath) -> None:
        start_line = self.line
        path = table + tuple(self.key())
        for end in range(len(table) + 1, len(path) + 1):
            self.lines.setdefault(path[:end], start_line)
        self.skip_space(newlines=False)
        self.pos += 1  # the "="
        self.skip_space(newlines=False)
        self.value(path)

    def value(self, path: KeyPath) -> None:
        char = self.peek()
        if char in ("'", '"'):
            self.skip_string()
        elif char == "{":
            self.inline_table(path)
        elif char == "[":
            self.array(path)
        else:
            match = _SCALAR_END.search(self.text, self.pos)
            end = len(self.text) if match is None else match.start()
            if end == self.pos:  # no value at all (text that is not TOML): stop rather than loop here
                raise ValueError(f"no value at line {self.line}")
            self.pos = end

    def inline_table(self, path: KeyPath) -> None:
        self.pos += 1
        while self.skip_space(newlines=True) and self.peek() != "}":
            if self.peek() == ",":
                self.pos += 1
                continue
            self.key_value(path)
        self.pos += 1

    def array(self, path: KeyPath) -> None:
        self.pos += 1
        index = 0
        while self.skip_space(newlines=True) and self.peek() != "]":
            if self.peek() == ",":
                self.pos += 1
                continue
            self.record(path + (index,))
            self.value(path + (index,))
            index += 1
        self.pos += 1

    def skip_string(self) -> None:
        quote = self.peek()
        triple = self.peek(3) == quote * 3
        delimiter = quote * 3 if triple else quote
        self.pos += len(delimiter)
        while self.pos < len(self.text):
            if quote == '"' and self.peek() == "\\":
                self.pos += 2
            elif self.text.startswith(delimiter, self.pos):
                self.pos += len(delimiter)
                # A multi-line string may end with one or two quotes of its own before the delimiter.
                while triple and self.peek() == quote:
                    self.pos += 1
                return
            else:
                self.pos += 1
