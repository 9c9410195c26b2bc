"""The shape of the code, measured: module and app sizes, which way imports point, and the
rules that have one home (answer scoring in ``courses/grading.py``, progress in
``courses/progress.py``).

Application modules are the ``.py`` files outside ``migrations/``, ``tests/``, ``bench/`` and
the virtual environment; they are read and parsed, never imported.
"""

import ast
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {"migrations", "tests", "bench", "staticfiles", "var", "node_modules", "__pycache__"}
MAX_MODULE_LINES = 400
MAX_APP_SHARE = 0.35
# The apps that make the portal what it is; core, search and the configuration depend on none
# of them (they contribute through core.registry instead).
FEATURE_APPS = {
    "accounts",
    "articles",
    "cards",
    "certificates",
    "courses",
    "glossary",
    "offline",
    "scenarios",
}
SHARED_PACKAGES = ["core", "search", "diplomacy_portal"]
GRADING_MODULE = "courses/grading.py"
PROGRESS_MODULE = "courses/progress.py"


def application_modules(under=ROOT):
    """Every application module below ``under``, as paths relative to the project root."""
    modules = []
    for path in sorted(under.rglob("*.py")):
        relative = path.relative_to(ROOT)
        folders = relative.parts[:-1]
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in folders):
            continue
        modules.append(relative)
    return modules


def line_count(relative):
    return len((ROOT / relative).read_text(encoding="utf-8").splitlines())


def parse(relative):
    return ast.parse((ROOT / relative).read_text(encoding="utf-8"), filename=str(relative))


def imported_names(relative):
    return imports_in(parse(relative), package=list(relative.parts[:-1]))


def imports_in(tree, package):
    """``(line, dotted name)`` of everything ``tree`` imports, wherever in the module:
    ``import a.b``, ``from a import b`` (as ``a`` and ``a.b``), relative imports resolved from
    ``package`` (the module's, as a list of names), and ``import_module("a.b")`` with a literal
    name."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if module:
                yield node.lineno, module
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}" if module else alias.name
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            name = getattr(function, "id", None) or getattr(function, "attr", None)
            first = node.args[0]
            if name in ("import_module", "__import__") and isinstance(first, ast.Constant):
                yield node.lineno, str(first.value)


def feature_app_imports(relative):
    """``module:line imports name``, once per import statement that reaches a feature app."""
    found = {}
    for line, name in imported_names(relative):
        if name.split(".")[0] in FEATURE_APPS:
            found.setdefault(line, f"{relative}:{line} imports {name}")
    return list(found.values())


def identifiers(node):
    """The names and attribute names used anywhere in ``node``."""
    found = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            found.add(child.id.lower())
        elif isinstance(child, ast.Attribute):
            found.add(child.attr.lower())
    return found


CHOSEN = re.compile(r"chosen|selected|picked|answer")
CORRECT = re.compile(r"correct|right_choices|answer_key")


def compares_chosen_with_correct(function):
    """Whether ``function`` itself compares what was chosen with what is correct."""
    for node in ast.walk(function):
        if not isinstance(node, ast.Compare):
            continue
        sides = [identifiers(operand) for operand in [node.left, *node.comparators]]
        chosen = [any(CHOSEN.search(name) for name in side) for side in sides]
        correct = [any(CORRECT.search(name) for name in side) for side in sides]
        if any(
            chosen[i] and correct[j] for i in range(len(sides)) for j in range(len(sides)) if i != j
        ):
            return True
    return False


PROGRESS_NAME = re.compile(r"^(progress(_\w+)?|\w+_progress|is_complete\w*)$")


def delegates_to_progress_module(function, module_imports):
    """Whether ``function`` hands its work to ``courses.progress``: it imports from there, or
    calls something the module imported from there."""
    for node in ast.walk(function):
        if isinstance(node, ast.ImportFrom) and node.module == "courses.progress":
            return True
    return bool(identifiers(function) & module_imports)


def names_from_progress_module(tree):
    return {
        (alias.asname or alias.name).lower()
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "courses.progress"
        for alias in node.names
    }


def functions(tree):
    return [
        node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_no_application_module_is_over_400_lines():
    too_long = {
        str(module): lines
        for module in application_modules()
        if (lines := line_count(module)) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_app_holds_over_35_percent_of_the_application_lines():
    per_app = Counter()
    for module in application_modules():
        app = module.parts[0] if len(module.parts) > 1 else ""
        per_app[app] += line_count(module)
    total = sum(per_app.values())
    too_large = {
        app: f"{lines / total:.0%} of {total} lines"
        for app, lines in per_app.items()
        if app and lines > MAX_APP_SHARE * total
    }
    assert too_large == {}


def test_core_search_and_configuration_import_no_feature_app():
    """Dependencies point one way: the apps use core and search, never the reverse, and the
    configuration reaches the apps only through settings and URL includes, by name."""
    imports = [
        found
        for package in SHARED_PACKAGES
        for module in application_modules(ROOT / package)
        for found in feature_app_imports(module)
    ]
    assert imports == []


def test_the_import_check_sees_every_form_of_import():
    """The checks above would notice: absolute, relative and in-function imports."""
    source = (
        "import articles.models\n"
        "from courses import services\n"
        "from .. import glossary\n"
        "def view():\n"
        "    from ..scenarios.models import Scenario\n"
        "    return import_module('offline.packs')\n"
    )
    found = [name for _, name in imports_in(ast.parse(source), package=["core"])]
    assert {"articles.models", "courses", "glossary", "scenarios.models", "offline.packs"} <= set(
        found
    )


def test_answers_are_scored_only_in_the_grading_module():
    """Comparing the choices a trainee chose with the correct ones is done in one place."""
    assert (ROOT / GRADING_MODULE).exists()
    scoring = [
        f"{module}:{function.lineno} {function.name}"
        for module in application_modules()
        if str(module) != GRADING_MODULE
        for function in functions(parse(module))
        if compares_chosen_with_correct(function)
    ]
    assert scoring == []


def test_the_scoring_check_recognises_a_scoring_function():
    tree = ast.parse(
        "def is_answered_by(self, chosen):\n"
        "    correct = {c.pk for c in self.choices.all() if c.is_correct}\n"
        "    return bool(correct) and {c.pk for c in chosen} == correct\n"
        "def title(self):\n"
        "    return self.prompt == self.text\n"
    )
    assert [f.name for f in functions(tree) if compares_chosen_with_correct(f)] == [
        "is_answered_by"
    ]


def test_progress_is_defined_only_in_the_progress_module():
    """Functions about a trainee's progress live in courses/progress.py; elsewhere a function of
    that name only hands over to it."""
    elsewhere = []
    for module in application_modules():
        if str(module) == PROGRESS_MODULE:
            continue
        tree = parse(module)
        imported = names_from_progress_module(tree)
        elsewhere += [
            f"{module}:{function.lineno} {function.name}"
            for function in functions(tree)
            if PROGRESS_NAME.match(function.name)
            and not delegates_to_progress_module(function, imported)
        ]
    assert elsewhere == []


def test_the_progress_check_tells_a_definition_from_a_hand_over():
    tree = ast.parse(
        "from courses.progress import CountedProgress\n"
        "def progress_for(course, user):\n"
        "    return course.lessons.filter(completions__user=user).count()\n"
        "def with_progress(enrollments):\n"
        "    from courses.progress import with_progress\n"
        "    return with_progress(enrollments)\n"
        "def progress(self):\n"
        "    return CountedProgress(self)\n"
    )
    imported = names_from_progress_module(tree)
    defined = [
        function.name
        for function in functions(tree)
        if PROGRESS_NAME.match(function.name)
        and not delegates_to_progress_module(function, imported)
    ]
    assert defined == ["progress_for"]


# What each app may import besides core, search and accounts: the drawing in README's "Layout".
MAY_IMPORT = {
    "accounts": set(),
    "glossary": set(),
    "articles": set(),
    "courses": {"scenarios", "certificates"},
    "scenarios": {"courses", "articles", "glossary"},
    "certificates": {"courses"},
    "offline": {"courses", "certificates", "glossary"},
    "cards": {"courses", "offline", "articles"},
}
EVERY_APP_MAY_IMPORT = {"core", "search", "accounts"}


def test_each_app_imports_only_what_the_layout_allows():
    assert set(MAY_IMPORT) == FEATURE_APPS
    packages = FEATURE_APPS | set(SHARED_PACKAGES)
    outside = [
        f"{module}:{line} imports {name}"
        for app, allowed in MAY_IMPORT.items()
        for module in application_modules(ROOT / app)
        for line, name in imported_names(module)
        if name.split(".")[0] in packages - allowed - EVERY_APP_MAY_IMPORT - {app}
    ]
    assert outside == []
