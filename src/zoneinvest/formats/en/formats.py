# English dates written out in full, the way a national zone's site writes them ("11 January 2023"),
# instead of Django's abbreviated American default ("Jan. 11, 2023", "Sept. 8, 2026").
DATE_FORMAT = "j F Y"
