"""The rule set and party law in force: a packaged one from the record, or one the ruler derived
(``model.institutions.derived``, :mod:`neopat.model.formal.institutions`)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from neopat.data.rule_sets import PartyLaw, RuleSet, load_party_law, load_rule_set
from neopat.errors import InputError

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel


def rule_set_in_force(model: NeopatModel) -> RuleSet | None:
    """The rule set ``model.rule_set`` names: a derived one, or a packaged one."""
    name = model.rule_set
    if not name:
        return None
    derived = model.institutions.derived.get(name)
    return derived if isinstance(derived, RuleSet) else _packaged_rule_set(name)


@cache
def _packaged_rule_set(name: str) -> RuleSet:
    return load_rule_set(name)


def party_law_in_force(model: NeopatModel) -> PartyLaw:
    name = model.institutions.party_law
    derived = model.institutions.derived.get(name)
    return derived if isinstance(derived, PartyLaw) else _packaged_party_law(name)


@cache
def _packaged_party_law(name: str) -> PartyLaw:
    return load_party_law(name)


def rule_set_named(model: NeopatModel, name: str) -> RuleSet | None:
    if not name:
        return None
    derived = model.institutions.derived.get(name)
    if isinstance(derived, RuleSet):
        return derived
    try:
        return _packaged_rule_set(name)
    except InputError:  # a name the rules engine does not know: no appointed tiers to read
        return None
