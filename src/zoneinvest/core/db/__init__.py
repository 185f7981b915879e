"""ZoneInvest's database backends: Django's own, with what this application's requests need."""
