"""The historical record: parties, elections, rule sets, elites, events, polls (validated)."""
