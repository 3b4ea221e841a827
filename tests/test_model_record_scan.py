"""Source scan: no model code branches on a name, year or id from the record."""

from __future__ import annotations

import ast
from importlib import resources

from neopat.data.elites import load_elites, load_factions
from neopat.model.informal.offices import OFFICE_KINDS, PRIVATE

# Schema vocabulary (categories every scenario shares), not identities from the record.
VOCABULARY = set(OFFICE_KINDS) | set(PRIVATE) | {
    "president", "family", "business", "technocrat", "nomenklatura", "regional",
    "party_insider", "security", "kinship", "coercive", "administrative", "oil_gas", "metals",
    "banking", "media", "agriculture", "industry", "party", "soviet", "post_soviet"}


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


MODEL_PACKAGES = ("neopat.model", "neopat.model.informal", "neopat.model.formal",
                  "neopat.model.electorate")


def model_constants():
    """Every literal in the model's code (docstrings excluded: they cite, never branch)."""
    for package in MODEL_PACKAGES:
        for item in resources.files(package).iterdir():
            if item.name.endswith(".py"):
                tree = ast.parse(item.read_text(encoding="utf-8"))
                skip = docstrings(tree)
                for node in ast.walk(tree):
                    if isinstance(node, ast.Constant) and id(node) not in skip:
                        yield f"{package}.{item.name}", node.value


def test_the_scan_covers_every_model_package():
    root = resources.files("neopat.model")
    found = {"neopat.model"} | {f"neopat.model.{d.name}" for d in root.iterdir()
                                if d.is_dir() and d.joinpath("__init__.py").is_file()}
    assert found == set(MODEL_PACKAGES)


def test_model_code_holds_no_record_name_id_or_year():
    elites, factions = load_elites(), load_factions()
    identities = {e.id for e in elites} | {e.name for e in elites} | {f.id for f in factions}
    identities |= {f.name for f in factions} | {a for e in elites for a in e.aliases}
    identities -= VOCABULARY
    strings = [(f, v) for f, v in model_constants() if isinstance(v, str)]
    hits = [(f, v) for f, v in strings if v in identities or
            any(len(i) > 5 and i.lower() in v.lower() for i in identities)]
    assert not hits
    years = [(f, v) for f, v in model_constants()
             if isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= 2100]
    assert not years


def test_the_scan_would_catch_a_branch_on_a_record_id():
    tree = ast.parse('if elite.key == "kazhegeldin" and year == 1998: pass')
    values = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert "kazhegeldin" in {e.id for e in load_elites()} & values
    assert 1998 in values
