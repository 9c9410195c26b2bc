# Django's Arabic formats name no time: without these, a date with its time reads the American way.
DATETIME_FORMAT = "j F، Y H:i"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y H:i"
