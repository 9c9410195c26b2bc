"""What each app lends the portal's shared pages and machinery, so that core imports no app.

The apps fill these tables from their ``AppConfig.ready()`` (each app's ``registrations.py``,
core's own included); core reads them when it needs them (a request, a signal, an export), by
then every app is ready. An app that is not installed simply contributes nothing; registering
a name again replaces what it held.

``CONTENT_APPS``, ``CONTENT_MODELS``
    App labels (every model of the app) and model labels (``"courses.lesson"``) whose saves,
    deletions and many-to-many changes are content: they bump the content version that keys
    cached pages (``core.caching``). ``register_content("articles")``,
    ``register_content("courses.course", "courses.lesson")``.

``SITEMAPS``, ``SITEMAP_PAGES``
    ``sitemap.xml``: name -> ``Sitemap`` class, and the URL names of the fixed pages listed
    in its ``pages`` section. Each comes with a position, the order in which the sitemap lists
    them: ``register_sitemap("terms", TermSitemap, position=20)``,
    ``register_sitemap_pages("glossary:term_list", position=20)``. Core's fixed pages come
    first (0) and its tag pages last (100), the apps' in between.

``HOME_SECTIONS``
    Name -> callable taking no argument, whose value the home page's template gets under that
    name: ``register_home_section("term_count", lambda: Term.objects.count())``. A queryset
    stays lazy: the template reads it.

``TAG_LISTINGS``
    What ``/tags/<slug>/`` lists, in order: name (the template's variable) -> ``TagListing``,
    whose ``visible(tag, user)`` gives the items with that tag the user may see, and whose
    ``published_tags()`` gives a ``Q`` on ``Tag`` matching the tags of published items (the tag
    pages in the sitemap are those of tags any listing matches).

``EXPORTS``
    The content written back to fixtures (``core.content_export``), in the order the models
    are exported: model label -> ``Export``, giving the fields that make up an item's natural
    key in a fixture, the models whose items follow each item in its file, and, for the models
    at the top of the files, the file of an item the fixtures do not have yet.
"""

from collections.abc import Callable
from dataclasses import dataclass

CONTENT_APPS = set()
CONTENT_MODELS = set()
SITEMAPS = {}  # name -> (position, Sitemap class)
SITEMAP_PAGES = {}  # URL name -> position
HOME_SECTIONS = {}
TAG_LISTINGS = {}
EXPORTS = {}


@dataclass(frozen=True)
class TagListing:
    visible: Callable  # (tag, user) -> list of the items with the tag the user may see
    published_tags: Callable  # () -> Q on Tag: tags of at least one published item


@dataclass(frozen=True)
class Export:
    natural_key: tuple  # the fixture fields making up the natural key, in order
    children: tuple = ()  # (model label, field pointing to this item) of the items that follow
    file: Callable | None = None  # top-level models: item -> the file of an item not yet filed
    keep_file: bool = True  # an item stays in the file the fixtures give it (else: ``file``)


def register_content(*labels):
    """Mark app labels (``"glossary"``) or model labels (``"courses.quiz"``) as content."""
    for label in labels:
        (CONTENT_MODELS if "." in label else CONTENT_APPS).add(label.lower())


def is_content_label(app_label, model_label):
    return model_label in CONTENT_MODELS or app_label in CONTENT_APPS


def register_sitemap(name, sitemap, *, position):
    SITEMAPS[name] = (position, sitemap)


def register_sitemap_pages(*url_names, position):
    for url_name in url_names:
        SITEMAP_PAGES[url_name] = position


def sitemaps():
    """Name -> Sitemap class, in the order of their positions."""
    ordered = sorted(SITEMAPS.items(), key=lambda item: item[1][0])
    return {name: sitemap for name, (_, sitemap) in ordered}


def sitemap_pages():
    """The fixed pages' URL names, in the order of their positions (stable within one)."""
    return sorted(SITEMAP_PAGES, key=SITEMAP_PAGES.get)


def register_home_section(name, value):
    HOME_SECTIONS[name] = value


def register_tag_listing(name, *, visible, published_tags):
    TAG_LISTINGS[name] = TagListing(visible, published_tags)


def register_export(label, natural_key, *, children=(), file=None, keep_file=True):
    EXPORTS[label] = Export(tuple(natural_key), tuple(children), file, keep_file)
