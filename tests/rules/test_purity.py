"""The rules core imports neither Django nor the project's apps (STYLE.md habit 1)."""

import ast
from pathlib import Path

import xinfang.rules

FORBIDDEN = ("django", "ninja", "xinfang.")
ROOT = Path(xinfang.rules.__file__).parent


def test_rules_core_imports_no_django_and_no_app():
    offenders = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name.startswith(FORBIDDEN) and not name.startswith("xinfang.rules"):
                    offenders.append(f"{path.name}: {name}")
    assert offenders == []
