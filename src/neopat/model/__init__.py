"""The Mesa model of a neopatrimonial regime.

``model``, ``schedule``, ``population`` and ``indicators`` sit on top of two tiers that never
import each other, ``informal`` and ``formal``; ``formal`` calls the ``electorate`` engine; all
of them share ``agents`` (the actors' state) and ``events`` (the mechanism log). The import-linter
contracts in ``pyproject.toml`` check it.
"""

from neopat.model.informal.species import SPECIES, RulerSpecies
from neopat.model.model import NeopatModel
from neopat.model.schedule import SCHEDULE

__all__ = ["SCHEDULE", "SPECIES", "NeopatModel", "RulerSpecies"]
