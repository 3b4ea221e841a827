"""The formal tier: electoral systems, seat allocation, party-law checks and party-system indices."""
