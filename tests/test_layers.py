"""The direction of dependencies (ARCHITECTURE §3): integrations and ap never import ar.

Checked on the source itself, so a late import inside a function counts as much as one at
the top of a module.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(root: Path, path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import statement of a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = parts[: len(parts) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.append((node.lineno, base))
            # ``from . import ar``-style imports name modules in the alias list.
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return found


def violations(package: str, forbidden: tuple[str, ...], root: Path = ROOT) -> list[str]:
    out = []
    for path in sorted((root / package).rglob("*.py")):
        for line, module in imported_modules(root, path):
            if any(module == f or module.startswith(f"{f}.") for f in forbidden):
                out.append(f"{path.relative_to(root)}:{line} imports {module}")
    return out


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("integrations", ("ar", "ap")), ("ap", ("ar",)), ("ar", ("ap",))],
)
def test_package_does_not_import(package, forbidden):
    assert (ROOT / package).is_dir()
    assert violations(package, forbidden) == []


def test_the_scan_sees_imports_of_every_form(tmp_path):
    pkg = tmp_path / "integrations" / "sub"
    pkg.mkdir(parents=True)
    (pkg / "m.py").write_text(
        "import ar\nimport ar.models as m\nfrom ar.models import Invoice\n"
        "def f():\n    from ar import sync\n"
        "from .. import ar\n"  # integrations.ar: the package's own module, not the app
        "import arrow\n",
        encoding="utf-8",
    )
    found = violations("integrations", ("ar",), root=tmp_path)
    assert [v.split(" imports ")[1] for v in found] == [
        "ar",
        "ar.models",
        "ar.models",
        "ar.models.Invoice",
        "ar",
        "ar.sync",
    ]


def test_the_product_does_not_import_the_sandbox():
    """The sandbox simulates Intacct for the demo, tests and benches; the product never needs
    it (the commands that start it are the one exception)."""
    found = [
        v
        for package in ("integrations", "ar", "ap")
        for v in violations(package, ("integrations.sandbox",))
        if not v.startswith(("integrations/sandbox/", "integrations/management/"))
    ]
    assert found == []
