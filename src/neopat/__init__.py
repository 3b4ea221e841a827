"""neopat: a laboratory for neopatrimonial regimes and party development."""

__version__ = "0.1.0"
