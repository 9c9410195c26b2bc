"""Everything the portal holds about one person, as plain data for their JSON download.

The account itself is described here; each app that keeps records of a person adds its own
section from its ``AppConfig.ready()`` with :func:`register`, so that this module knows none of
them. Sections appear in the order of their ``position``.
"""

_sections = []


def register(name, build, *, position):
    """Add the section ``name``: ``build(user)`` returns its plain data (lists, dicts, text)."""
    _sections[:] = sorted(
        [*(section for section in _sections if section[1] != name), (position, name, build)],
        key=lambda section: section[0],
    )


def personal_data(user):
    data = {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        }
    }
    for _, name, build in _sections:
        data[name] = build(user)
    return data
