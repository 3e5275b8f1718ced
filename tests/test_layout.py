"""The package's layout holds what docs/contributing.md says of it: short modules, no import circle, and
classifying apart from training and measuring."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "taosha"
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports(name: str) -> set[str]:
    """The taosha modules a module imports, anywhere in it (lazy imports inside functions too)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from taosha.classify import grams` imports the module taosha.classify.grams
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES else node.module
                      for a in node.names}
    return {module for module in found if module in MODULES and module != name}


def test_no_module_is_long():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert not long


def test_no_import_circle():
    graph = {name: imports(name) for name in MODULES}
    done, path = set(), []

    def visit(name):
        assert name not in path, "import circle: " + " -> ".join(path[path.index(name):] + [name])
        if name in done:
            return
        path.append(name)
        for imported in sorted(graph[name]):
            visit(imported)
        path.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)


def test_classifying_does_not_import_training_or_measuring():
    stages = [name for name in MODULES if name.startswith("taosha.classify")]
    assert len(stages) >= 10
    for name in stages:
        assert not {m for m in imports(name) if m.startswith(("taosha.train", "taosha.measure"))}, name


def test_the_circle_check_can_fail(tmp_path, monkeypatch):
    """The circle check sees a circle where there is one."""
    for name, other in (("a", "b"), ("b", "a")):
        (tmp_path / f"{name}.py").write_text(f"from taosha.{other} import x\n")
    monkeypatch.setitem(globals(), "MODULES", {"taosha.a": tmp_path / "a.py", "taosha.b": tmp_path / "b.py"})
    try:
        test_no_import_circle()
    except AssertionError as error:
        assert "taosha.a -> taosha.b -> taosha.a" in str(error)
    else:
        raise AssertionError("a circle went unseen")
