"""The rules of the house's layout (issue 12), read from the source with `ast`: no module is imported.

- `conditions` never imports `community` (who may write is community's business; conditions shows).
- Only a urls module imports a views module.
- No module is over MAX_LINES lines (migrations and LONG_MODULES aside).
- Form classes live in forms modules (FORMS_MODULES aside). Admin modules get no exemption: an admin
  form would go in a forms module too (`conditions/admin/forms.py`, say); form fields and formsets
  are not forms.
- Each package of the apps opens with a docstring saying what it owns.
- No import circle among the modules' top-level imports (the ones that run on import).

Each failure names the file and line at fault.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = next(folder for folder in Path(__file__).resolve().parents if (folder / "manage.py").is_file())
PACKAGES = ("diseasemaps", "conditions", "community")
MAX_LINES = 400
LONG_MODULES = {
    "conditions/demo_content.py": "the demo conditions' articles, as text",
    "conditions/demo_articles_es.py": "the demo conditions' articles in Spanish, as text",
}
PACKAGES_WITH_DOCSTRINGS = ("conditions", "community")
NO_DOCSTRING_NEEDED = {"migrations", "management", "templatetags"}  # Django's own folders
# Modules besides forms.py that may hold forms, by file name.
FORMS_MODULES = {
    "account_forms.py": "allauth's own forms in our words: allauth imports forms.py (ACCOUNT_SIGNUP_FORM_CLASS) "
    "while it defines the forms these subclass, so they cannot share it",
}


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    is_package: bool

    @property
    def file(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def parts(self) -> list[str]:
        return self.name.split(".")

    @functools.cached_property
    def tree(self) -> ast.Module:
        return ast.parse(self.path.read_text(encoding="utf-8"), filename=self.file)


@dataclass(frozen=True)
class Import:
    importer: Module
    target: str  # a dotted module name
    line: int
    top_level: bool  # runs when the importer is imported (not inside a function, nor `if TYPE_CHECKING`)

    def __str__(self) -> str:
        return f"{self.importer.file}:{self.line} imports {self.target}"


@functools.cache
def modules() -> dict[str, Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            found[".".join(parts)] = Module(".".join(parts), path, is_package)
        assert package in found, f"{ROOT / package} is not a package: the checks would see nothing"
    return found


def modules_of(package: str) -> list[Module]:
    return [module for module in modules().values() if module.parts[0] == package]


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def resolve(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.parts if module.is_package else module.parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@functools.cache
def imports_of(module: Module) -> list[Import]:
    found: list[Import] = []

    def visit(node: ast.AST, top_level: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend(Import(module, alias.name, node.lineno, top_level) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = resolve(module, node)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.append(Import(module, submodule if submodule in modules() else source, node.lineno, top_level))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for child in ast.iter_child_nodes(node):
                visit(child, False)
        elif isinstance(node, ast.If) and is_type_checking(node.test):
            for child in node.body:
                visit(child, False)
            for child in node.orelse:
                visit(child, top_level)
        else:
            for child in ast.iter_child_nodes(node):
                visit(child, top_level)

    visit(module.tree, True)
    return found


def report(problems: list[str]) -> str:
    return "\n".join(problems)


def test_conditions_never_imports_community():
    problems = [
        f"{found}: conditions never imports community"
        for module in modules_of("conditions")
        for found in imports_of(module)
        if found.target.split(".")[0] == "community"
    ]
    assert not problems, report(problems)


def is_views(name: str) -> bool:
    parts = name.split(".")
    return parts[-1] == "views" or parts[-1].startswith("views_") or "views" in parts[:-1]


def is_urls(name: str) -> bool:
    last = name.split(".")[-1]
    return last == "urls" or last.startswith("urls_") or last.endswith("_urls")


def views_package(name: str) -> str | None:
    parts = name.split(".")
    return ".".join(parts[: parts.index("views") + 1]) if "views" in parts[:-1] else None


@pytest.mark.parametrize("package", PACKAGES)
def test_only_urls_modules_import_views_modules(package):
    problems = [
        f"{found}: only a urls module may import a views module (move what they share out of the views)"
        for module in modules_of(package)
        for found in imports_of(module)
        if found.target in modules()
        and is_views(found.target)
        and not is_urls(module.name)
        and not (views_package(found.target) and views_package(found.target) == views_package(module.name))
    ]
    assert not problems, report(problems)


@pytest.mark.parametrize("package", PACKAGES)
def test_no_module_is_over_the_line_limit(package):
    problems = []
    for module in modules_of(package):
        if "migrations" in module.parts or module.file in LONG_MODULES:
            continue
        lines = len(module.path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            problems.append(f"{module.file}:{MAX_LINES + 1}: {lines} lines, over {MAX_LINES}; split it")
    assert not problems, report(problems)


def is_forms_module(module: Module) -> bool:
    return module.parts[-1] == "forms" or "forms" in module.parts[:-1] or module.path.name in FORMS_MODULES


def terminal_name(base: ast.expr) -> str:
    if isinstance(base, ast.Name):
        return base.id
    if isinstance(base, ast.Attribute):
        return base.attr
    if isinstance(base, ast.Subscript):
        return terminal_name(base.value)
    return ""


def form_classes(module: Module) -> list[ast.ClassDef]:
    """Classes deriving from a form: a base named ...Form (forms.Form, forms.ModelForm, allauth's
    LoginForm), a class imported from a forms module, or a form class of this module."""
    from_forms = set()
    for node in ast.walk(module.tree):
        last = resolve(module, node).split(".")[-1] if isinstance(node, ast.ImportFrom) else ""
        if last == "forms" or last.startswith("forms_"):
            from_forms.update(alias.asname or alias.name for alias in node.names)
    forms, found = set(), []
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {terminal_name(base) for base in node.bases}
        if any(name.endswith("Form") or name in from_forms or name in forms for name in bases):
            forms.add(node.name)
            found.append(node)
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_forms_live_in_forms_modules(package):
    problems = [
        f"{module.file}:{form.lineno}: the form {form.name} belongs in a forms.py"
        for module in modules_of(package)
        if not is_forms_module(module)
        for form in form_classes(module)
    ]
    assert not problems, report(problems)


@pytest.mark.parametrize("package", PACKAGES_WITH_DOCSTRINGS)
def test_each_package_opens_with_a_docstring(package):
    problems = [
        f"{module.file}:1: the package {module.name} needs a docstring saying what it owns"
        for module in modules_of(package)
        if module.is_package and not NO_DOCSTRING_NEEDED & set(module.parts) and not ast.get_docstring(module.tree)
    ]
    assert not problems, report(problems)


@functools.cache
def import_graph() -> dict[str, dict[str, Import]]:
    """Module -> the modules it runs on import -> the import statement. Importing a.b.c runs the
    packages a and a.b first, unless the importer is inside them already."""
    graph: dict[str, dict[str, Import]] = {name: {} for name in modules()}
    for name, module in modules().items():
        for found in imports_of(module):
            if not found.top_level:
                continue
            parts = found.target.split(".")
            for length in range(1, len(parts) + 1):
                target = ".".join(parts[:length])
                inside = name == target or name.startswith(target + ".")
                if target in modules() and not inside and target != name:
                    graph[name].setdefault(target, found)
    return graph


def circles() -> list[list[Import]]:
    """One circle of imports for each strongly connected group of modules (Tarjan)."""
    graph, index, low, stack, on_stack, groups = import_graph(), {}, {}, [], set(), []

    def connect(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in graph[name]:
            if target not in index:
                connect(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == name:
                    break
            if len(group) > 1:
                groups.append(group)

    for name in sorted(graph):
        if name not in index:
            connect(name)
    return [circle_through(min(group), group) for group in groups]


def circle_through(start: str, group: set[str]) -> list[Import]:
    """The shortest way from `start` back to itself inside `group`, as the imports taken."""
    graph, paths = import_graph(), {start: []}
    queue = [start]
    while queue:
        name = queue.pop(0)
        for target, found in sorted(graph[name].items()):
            if target == start:
                return [*paths[name], found]
            if target in group and target not in paths:
                paths[target] = [*paths[name], found]
                queue.append(target)
    raise AssertionError(f"no circle through {start}")


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_circles(package):
    problems = [
        "import circle: " + "; ".join(str(found) for found in circle)
        for circle in circles()
        if any(found.importer.parts[0] == package for found in circle)
    ]
    assert not problems, report(problems)
