"""The Mesa model of a neopatrimonial regime."""
