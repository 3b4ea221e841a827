"""The Mesa model of a neopatrimonial regime."""

from neopat.model.model import SCHEDULE, NeopatModel
from neopat.model.species import SPECIES, RulerSpecies

__all__ = ["SCHEDULE", "SPECIES", "NeopatModel", "RulerSpecies"]
