"""The model's plain types: an entry as read, a data error, and the file an entry came from.

Everything that reads or reports on entries imports these from here (the loader, the rules, the
renderers); this module imports only the YAML loader, so it sits at the bottom of the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .yamlload import LineDict, LineList, parse, text_digest


@dataclass(frozen=True, order=True)
class DataError:
    file: str
    line: int
    entry_id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        what = f" [{self.entry_id}]" if self.entry_id else ""
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{what}{field} {self.message}"


class Source:
    """One data file as read. Its line map is built only when an error needs a line."""

    def __init__(self, shown: str, text: str, digest: bytes = b""):
        self.shown, self.text = shown, text
        self._lines: object = None
        self._digest = digest

    @property
    def digest(self) -> bytes:
        """sha256 of the text (yamlload.text_digest), given by the loader when it had hashed the
        file already (for the parse and schema caches), for the rules' findings cache."""
        if not self._digest:
            self._digest = text_digest(self.text)
        return self._digest

    def lines(self):
        """The document parsed with lines (LineList of LineDict), once."""
        if self._lines is None:
            self._lines, _ = parse(self.text, self.shown, lines=True)
        return self._lines

    def item(self, index: int):
        doc = self.lines()
        return doc[index] if isinstance(doc, LineList) and index < len(doc) else None

    def item_line(self, index: int) -> int:
        doc = self.lines()
        return doc.item_lines[index] if isinstance(doc, LineList) and index < len(doc) else getattr(doc, "line", 1)


@dataclass
class Entry:
    kind: str
    id: str
    data: dict
    file: str
    source: Source | None = field(default=None, repr=False, compare=False)
    index: int = 0  # position in its file's list

    def _located(self) -> LineDict | None:
        node = self.source.item(self.index) if self.source else None
        return node if isinstance(node, LineDict) else None

    @property
    def line(self) -> int:
        node = self._located()
        return node.line if node is not None else 1

    def line_of(self, path: str) -> int:
        """Line of a field path such as 'codes[1].code'; falls back to the nearest parent."""
        node = self._located()
        if node is None:
            return 1
        line = node.line
        for step in path_steps(path):
            if isinstance(node, LineDict) and step in node:
                line, node = node.key_lines[step], node[step]
            elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
                line, node = node.item_lines[step], node[step]
            else:
                break
        return line


def path_steps(path: str) -> list[str | int]:
    """'codes[1].code' -> ['codes', 1, 'code']."""
    return [int(s) if s.isdigit() else s for s in path.replace("]", "").replace("[", ".").split(".") if s]
