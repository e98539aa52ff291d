"""British English, with the 24-hour clock the portal's pages use ("3 Feb 2026, 14:30"):
what admin shows for a date and time it renders without an explicit format. The date's
spaces do not break, so a narrow column wraps a time only after the comma."""

DATETIME_FORMAT = "j\u00a0M\u00a0Y, H:i"
TIME_FORMAT = "H:i"
