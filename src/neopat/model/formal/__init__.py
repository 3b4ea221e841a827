"""The formal tier: parties and their life cycle, elections, party-system indicators and the
institutions the ruler designs. It never imports the informal tier; it reads elites and offices
through the model, and calls the electorate engine to hold elections."""
