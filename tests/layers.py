"""The import graph of ptref/, read from the source (ast), and what breaks its layering.

Layers, lowest first; a module may import its own layer or a lower one, never a higher one:

    0  ptref.model                         the data: load, check, relations, export
    1  ptref.render, ptref.study, ptref.rules   the engines: read the model, know no kind
    2  ptref.kinds                         one folder per kind: its page, cards, rules...
    3  ptref.site                          the assembly: finds the kinds, hands them to the engines
    4  ptref.mkdocs_glue, ptref.cli, ptref.publish   what runs it

Within layer 2, a kind's folder imports no other kind's folder (nor ptref.kinds itself): what
two kinds both show lives below them (ptref/render/across_kinds.py), or site.py hands it over.
Imports under `if TYPE_CHECKING:` count like any other. Besides uphill imports, the graph may
have no circle (between modules, or between packages), and no function may import a module of
ptref (a late import hides a circle) except in cli.py, which imports per command to start fast.
A library may be imported inside a function only where LAZY_LIBRARIES gives the reason.
`python tests/layers.py` prints the findings and the package graph.
"""

from __future__ import annotations

import ast
import functools
import sys
from dataclasses import dataclass
from pathlib import Path

LAYERS = {
    "ptref.model": 0,
    "ptref.render": 1,
    "ptref.study": 1,
    "ptref.rules": 1,
    "ptref.kinds": 2,
    "ptref.site": 3,
    "ptref.mkdocs_glue": 4,
    "ptref.cli": 4,
    "ptref.publish": 4,
}
LATE_IMPORTS_ALLOWED = {"ptref.cli"}
# Libraries a function may import late, each with its reason: loading them costs time that most
# runs never need. (A ptref module is never imported late outside cli.py.)
LAZY_LIBRARIES = {
    ("ptref.model.icd", "simple_icd_10_cm"): "about 1.5 s to load; only when a code's facts are not cached",
    ("ptref.model.schema", "referencing"): "the full validator, only for an entry the fast check rejects",
    ("ptref.model.schema", "jsonschema"): "the full validator, only for an entry the fast check rejects",
    ("ptref.model.schema", "fastjsonschema"): "compiled only when a file is not in the schema cache",
    ("ptref.model.clinic", "jsonschema"): "only when a clinic folder is checked",
    ("ptref.mkdocs_glue.render_cache", "mkdocs"): "the serve cache probes MkDocs internals only when it starts",
    ("ptref.model.translations", "textstat"): "0.35 s to load; only when a Spanish text's reading ease is measured",
    ("ptref.rules.plain_language", "textstat"): "0.35 s to load; a warm ptref check reuses the grades it found",
}


@dataclass(frozen=True)
class Import:
    importer: str  # module name
    imported: str  # module name (a ptref module)
    line: int
    in_function: bool


def late_library_imports(root: Path) -> list[tuple[str, str, int]]:
    """(module, library, line) of every import of a library (not ptref) inside a function."""
    found = []
    for path in sorted(root.rglob("*.py")):
        name = module_name(root, path)
        for node, in_function in _import_nodes(_parse(path)):
            if not in_function:
                continue
            if isinstance(node, ast.Import):
                tops = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                tops = [(node.module or "").split(".")[0]]
            else:
                tops = []
            found += [(name, top, node.lineno) for top in tops if top != root.name]
    return found


def _parse(path: Path) -> ast.Module:
    """The module's syntax tree. Trees are shared by source text (read only): the tests that copy
    ptref/ and change one file parse the others once."""
    source = path.read_text(encoding="utf-8")
    try:
        return _tree(source)
    except SyntaxError:
        return ast.parse(source, str(path))  # raises again, naming the file


@functools.cache
def _tree(source: str) -> ast.Module:
    return ast.parse(source)


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_package(root: Path, name: str) -> bool:
    return (root.parent / Path(*name.split(".")) / "__init__.py").exists() or (
        root.parent / Path(*name.split("."))
    ).is_dir()


def _exists(root: Path, name: str) -> bool:
    path = root.parent / Path(*name.split("."))
    return path.with_suffix(".py").exists() or path.is_dir()


def imports(root: Path) -> list[Import]:
    """Every import of a ptref module by a ptref module, under `root` (the ptref folder)."""
    found: list[Import] = []
    for path in sorted(root.rglob("*.py")):
        name = module_name(root, path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = _parse(path)
        for node, in_function in _import_nodes(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base_parts = package.split(".")
                    base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                    base = ".".join(base_parts + ([node.module] if node.module else []))
                else:
                    base = node.module or ""
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.append(sub if _exists(root, sub) else base)
            for target in targets:
                if target == root.name or target.startswith(root.name + "."):
                    found.append(Import(name, target, node.lineno, in_function))
    return found


@functools.cache
def _import_nodes(tree: ast.Module) -> tuple[tuple[ast.Import | ast.ImportFrom, bool], ...]:
    """(import statement, inside a function) for every import in the tree, found once per tree
    (trees are shared by source text: most of a copied ptref/ is walked once)."""
    return tuple(_walk(tree, False))


def _walk(node: ast.AST, in_function: bool):
    for child in ast.iter_child_nodes(node):
        inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function
        yield from _walk(child, inside)


def layer_of(name: str) -> tuple[str, int] | None:
    for prefix, layer in sorted(LAYERS.items(), key=lambda kv: -len(kv[0])):
        if name == prefix or name.startswith(prefix + "."):
            return prefix, layer
    return None


def package_of(name: str) -> str:
    found = layer_of(name)
    return found[0] if found else name


def _kind_of(name: str) -> str | None:
    """The kind folder a module belongs to ('ptref.kinds.codes.page' -> 'codes'); None outside
    ptref/kinds/, and '' for ptref.kinds itself (the package that lists the folders)."""
    parts = name.split(".")
    if parts[1:2] != ["kinds"]:
        return None
    return parts[2] if len(parts) > 2 else ""


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(found)


def problems(root: Path) -> list[str]:
    """Every uphill import, late import, circle and module outside the layers, in words."""
    found = []
    every = imports(root)
    modules = {module_name(root, p) for p in root.rglob("*.py")}
    for name in sorted(modules):
        if name != root.name and layer_of(name) is None:
            found.append(f"{name}: in no layer (add its package to LAYERS in tests/layers.py)")
    for imp in every:
        src, dst = layer_of(imp.importer), layer_of(imp.imported)
        if src and dst and dst[1] > src[1]:
            found.append(
                f"{imp.importer}:{imp.line}: imports {imp.imported} uphill (layer {src[0]} {src[1]} -> {dst[0]} {dst[1]})"
            )
        if _kind_of(imp.importer) and _kind_of(imp.imported) not in (None, _kind_of(imp.importer)):
            found.append(
                f"{imp.importer}:{imp.line}: imports {imp.imported}, another kind's folder (a kind imports only "
                "model, render, study and rules: move what both need down into an engine, or let site.py hand it over)"
            )
        if imp.in_function and package_of(imp.importer) not in LATE_IMPORTS_ALLOWED:
            found.append(f"{imp.importer}:{imp.line}: imports {imp.imported} inside a function")
    for name, library, line in late_library_imports(root):
        if package_of(name) not in LATE_IMPORTS_ALLOWED and (name, library) not in LAZY_LIBRARIES:
            found.append(f"{name}:{line}: imports {library} inside a function (add a reason to LAZY_LIBRARIES)")
    module_edges: dict[str, set[str]] = {}
    package_edges: dict[str, set[str]] = {}
    for imp in every:
        if imp.importer == imp.imported:
            continue
        module_edges.setdefault(imp.importer, set()).add(imp.imported)
        src, dst = package_of(imp.importer), package_of(imp.imported)
        if src != dst:
            package_edges.setdefault(src, set()).add(dst)
    for cycle in _cycles(module_edges):
        found.append("circle of modules: " + " -> ".join(cycle))
    for cycle in _cycles(package_edges):
        found.append("circle of packages: " + " -> ".join(cycle))
    return found


def package_graph(root: Path) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for imp in imports(root):
        src, dst = package_of(imp.importer), package_of(imp.imported)
        if src != dst:
            edges.setdefault(src, set()).add(dst)
    return edges


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent / "ptref"
    every = imports(root)
    print(f"{len(every)} imports between ptref modules; {sum(i.in_function for i in every)} inside functions")
    for src, dsts in sorted(package_graph(root).items()):
        print(f"  {src} -> {', '.join(sorted(dsts))}")
    for problem in problems(root):
        print(problem)
