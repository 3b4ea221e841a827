"""The informal tier: the ruler's strategy species, offices, the patron-client network, rents and
privatisation, patronage, factional conflict, loyalty and defection, punishment and the
re-centralisation cycle. It never imports the formal tier; the two meet through the model's
state (offices and their holders)."""
