"""The rule set and party law in force: one the scenario names (its own or an imported library's,
:meth:`neopat.scenarios.schema.Scenario.formal_items`) or one the ruler derived
(``model.institutions.derived``, :mod:`neopat.model.formal.institutions`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from neopat.data.rule_sets import PartyLaw, RuleSet
from neopat.errors import InputError

if TYPE_CHECKING:
    from neopat.model.model import NeopatModel


def rule_set_in_force(model: NeopatModel) -> RuleSet | None:
    """The rule set ``model.rule_set`` names (None before the first is in force)."""
    if not model.rule_set:
        return None
    rules = rule_set_named(model, model.rule_set)
    if rules is None:
        raise InputError(f"unknown rule set {model.rule_set!r}", where="rule_set")
    return rules


def party_law_in_force(model: NeopatModel) -> PartyLaw:
    """The party law ``model.institutions.party_law`` names."""
    name = model.institutions.party_law
    law = model.institutions.derived.get(name) or model.scenario.formal_items("party_law").get(name)
    if not isinstance(law, PartyLaw):
        raise InputError(f"no party law {name!r} in force", where="party_law")
    return law


def rule_set_named(model: NeopatModel, name: str) -> RuleSet | None:
    """A derived or the scenario's rule set by name; None for any other name."""
    rules = model.institutions.derived.get(name) or model.scenario.formal_items("rule_set").get(name)
    return rules if isinstance(rules, RuleSet) else None
