"""ZoneInvest: investment promotion for development zones."""
