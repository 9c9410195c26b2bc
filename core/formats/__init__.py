"""Date formats of the portal's languages where Django's own are not what the portal shows.

Pages name a format (``|date:"DATE_FORMAT"``, ``"SHORT_DATE_FORMAT"``, ``"SHORT_DATETIME_FORMAT"``)
rather than spell one out, so each language writes its dates its own way. English keeps the
day-month-year order the portal has always shown; Arabic gets the date-and-time formats Django
leaves to the American defaults. French is Django's as it is.
"""
