"""The shape of the code: rules a reader relies on, checked by parsing every module (nothing is imported).

- No module uses another module's private name (`_x`), by import or as `module._x`.
- A package's private modules (`pkg._base`, `pkg._state`) are imported only from inside the package.
- No import cycle among the project's modules at import time (module-level imports; those under
  `if TYPE_CHECKING:` and inside functions do not run at import).
- Data flows one way: NLP never imports the pipeline, the demo, the configuration, the flows or
  the outputs; connectors never import what comes after them (store, NLP, pipeline, ...).

Folders map to import names as setup.py installs them (nlp/ -> escucha.nlp, ...).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOT_TO_NLP = ("escucha.pipeline", "escucha.demo", "escucha.config", "escucha.flows", "escucha.outputs")
NOT_TO_CONNECTORS = ("escucha.store", "escucha.nlp", "escucha.pipeline", "escucha.analytics", "escucha.outputs",
                     "escucha.flows", "escucha.demo", "escucha.cli")


def _roots() -> dict[str, str]:
    """setup.py's ROOTS (import name -> folder), read without running setup.py."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "ROOTS" for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError("setup.py has no ROOTS")


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    is_package: bool

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()


@dataclass
class Import:
    """One import statement's effect: `target` (a module) and, for `from M import n`, the name."""

    module: Module
    target: str
    name: str | None
    line: int
    at_import_time: bool
    aliases: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def project() -> dict[str, Module]:
    folders = {**_roots(), "bench": "bench"}
    modules: dict[str, Module] = {}
    for name, folder in folders.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            is_package = parts[-1] == "__init__"
            dotted = ".".join((name, *(parts[:-1] if is_package else parts)))
            modules[dotted] = Module(dotted, path, ast.parse(path.read_text(encoding="utf-8")), is_package)
    return modules


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _statements(body: list[ast.stmt], at_import_time: bool):
    """(statement, runs at import time) for every statement, nested ones included."""
    for node in body:
        yield node, at_import_time
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            yield from _statements(node.body, False)
        elif isinstance(node, ast.ClassDef):
            yield from _statements(node.body, at_import_time)
        elif isinstance(node, ast.If):
            yield from _statements(node.body, at_import_time and not _type_checking(node.test))
            yield from _statements(node.orelse, at_import_time)
        else:
            for attr in ("body", "orelse", "finalbody"):
                yield from _statements(getattr(node, attr, None) or [], at_import_time)
            for handler in getattr(node, "handlers", None) or []:
                yield from _statements(handler.body, at_import_time)
            for case in getattr(node, "cases", None) or []:
                yield from _statements(case.body, at_import_time)


def imports(modules: dict[str, Module]) -> list[Import]:
    found: list[Import] = []
    for module in modules.values():
        for node, at_import_time in _statements(module.tree.body, True):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in modules:
                        found.append(Import(module, alias.name, None, node.lineno, at_import_time,
                                            [alias.asname] if alias.asname else []))
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(module, node)
                if source not in modules:
                    continue
                for alias in node.names:
                    sub = f"{source}.{alias.name}"
                    bound = [alias.asname or alias.name]
                    if sub in modules:  # `from pkg import module`
                        found.append(Import(module, sub, None, node.lineno, at_import_time, bound))
                    else:
                        found.append(Import(module, source, alias.name, node.lineno, at_import_time, bound))
    return found


def _private_name_uses(modules: dict[str, Module]) -> list[tuple[str, str]]:
    """(file, message) for every private name taken from another module."""
    out = []
    found = imports(modules)
    for imp in found:
        if imp.name is not None and _is_private(imp.name) and imp.target != imp.module.name:
            out.append((imp.module.rel, f"{imp.module.rel}:{imp.line} imports {imp.name} from {imp.target}"))
    bound_by_module: dict[str, dict[str, str]] = {}  # `import pkg.mod as m; m._x`, `from pkg import mod; mod._x`
    for imp in found:
        if imp.name is None:
            for alias in imp.aliases:
                bound_by_module.setdefault(imp.module.name, {})[alias] = imp.target
    for module in modules.values():
        bound = bound_by_module.get(module.name, {})
        for node in ast.walk(module.tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                    and _is_private(node.attr)):
                out.append((module.rel, f"{module.rel}:{node.lineno} uses {bound[node.value.id]}.{node.attr}"))
    return out


def _private_module_uses(modules: dict[str, Module]) -> list[tuple[str, str]]:
    out = []
    for imp in imports(modules):
        parts = imp.target.split(".")
        for i, part in enumerate(parts):
            if _is_private(part):
                owner = ".".join(parts[:i])
                if not (imp.module.name == owner or imp.module.name.startswith(owner + ".")):
                    out.append((imp.module.rel, f"{imp.module.rel}:{imp.line} imports {imp.target}, private to {owner}"))
                break
    return out


def _cycles(modules: dict[str, Module]) -> list[tuple[str, str]]:
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for imp in imports(modules):
        if imp.at_import_time and imp.target in graph and imp.target != imp.module.name:
            graph[imp.module.name].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return [(modules[name].rel, "cycle: " + " <-> ".join(component)) for component in components for name in component]


def _layer(modules: dict[str, Module], prefix: str, forbidden: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for imp in imports(modules):
        if imp.module.name.startswith(prefix) and imp.target.startswith(forbidden):
            out.append((imp.module.rel, f"{imp.module.rel}:{imp.line} imports {imp.target}"))
    return out


CHECKS = {
    "private-name": _private_name_uses,
    "private-module": _private_module_uses,
    "cycle": _cycles,
    "nlp-layer": lambda modules: _layer(modules, "escucha.nlp", NOT_TO_NLP),
    "connectors-layer": lambda modules: _layer(modules, "escucha.connectors", NOT_TO_CONNECTORS),
}


def test_the_project_is_found():
    modules = project()
    assert {"escucha.records", "escucha.nlp.analyzer", "escucha.connectors", "escucha.cli", "bench.nightly"} <= set(modules)
    assert len(imports(modules)) > 100


@pytest.mark.parametrize("rule", sorted(CHECKS))
def test_rule(rule):
    breaks = sorted({message for _, message in CHECKS[rule](project())})
    assert not breaks, f"{len(breaks)} break(s) of {rule}:\n" + "\n".join(breaks)


def _fake(name: str, source: str) -> Module:
    is_package = name.endswith("__init__")
    name = name.removesuffix(".__init__")
    path = ROOT.joinpath(*name.split(".")).with_suffix(".py") if not is_package else ROOT.joinpath(*name.split("."), "__init__.py")
    return Module(name, path, ast.parse(source), is_package)


def test_each_rule_fires_on_a_module_written_to_break_it():
    fakes = [
        _fake("escucha.a", "from escucha.b import _helper\nimport escucha.b as b\nb._other()\n"),
        _fake("escucha.b", "import escucha.a\nfrom escucha.pkg._base import Contract\n"),
        _fake("escucha.pkg.__init__", "from escucha.pkg._base import Contract\n"),
        _fake("escucha.pkg._base", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import escucha.pkg.impl\n"),
        _fake("escucha.pkg.impl", "from escucha.pkg import _base\nfrom escucha.pkg._base import Contract\n"
                                  "def build():\n    import escucha.pkg._base\n"),
        _fake("escucha.nlp.x", "def f():\n    from escucha.config import load_config\n"),
        _fake("escucha.connectors.y", "from escucha.store import Store\n"),
        _fake("escucha.config.__init__", ""),
        _fake("escucha.store.__init__", ""),
    ]
    modules = {m.name: m for m in fakes}
    messages = {rule: [message for _, message in check(modules)] for rule, check in CHECKS.items()}
    assert messages["private-name"] == ["escucha/a.py:1 imports _helper from escucha.b", "escucha/a.py:3 uses escucha.b._other"]
    assert messages["private-module"] == ["escucha/b.py:2 imports escucha.pkg._base, private to escucha.pkg"]
    assert sorted(messages["cycle"]) == ["cycle: escucha.a <-> escucha.b"] * 2  # not pkg._base -> impl: TYPE_CHECKING
    assert messages["nlp-layer"] == ["escucha/nlp/x.py:2 imports escucha.config"]  # inside a function too
    assert messages["connectors-layer"] == ["escucha/connectors/y.py:1 imports escucha.store"]
