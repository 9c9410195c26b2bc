"""Add a deterministic synthetic data set (bench/scale.py) to the portal's database, or remove it.

    .venv/bin/python -m bench.scale_data --factor 1     # about a minute
    .venv/bin/python -m bench.scale_data --remove

Run from the project's directory with the portal's environment (DATABASE_URL and the rest, as
for manage.py); bench/benchmark.py runs it on each database it builds.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class CommandError(Exception):
    pass


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Add a deterministic synthetic data set (about 10,000 articles, 2,000 terms, 100 "
            "courses, 10,000 trainees and 100,000 attempts at factor 1) on top of the real content."
        )
    )
    parser.add_argument("--factor", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--allow-editor-content",
        action="store_true",
        help="Run even though the database holds content or accounts people made.",
    )
    parser.add_argument("--remove", action="store_true", help="Remove the synthetic data.")
    return parser.parse_args(argv)


def handle(*, factor, seed, allow_editor_content, remove, stdout, style):
    from django.core.management import call_command
    from django.core.management.base import CommandError as DjangoCommandError

    from bench.scale import ScaleDataBuilder, editor_content_present, remove_scale_data

    if remove:
        remove_scale_data()
        stdout.write(style.SUCCESS("Synthetic data removed.") + "\n")
        return
    if not 0 < factor <= 10:
        raise CommandError("--factor must be above 0 and at most 10.")
    if editor_content_present() and not allow_editor_content:
        raise CommandError(
            "This database holds content or accounts that did not come from the fixtures. "
            "Use a fresh database, or pass --allow-editor-content if you mean it."
        )
    remove_scale_data()
    size = ScaleDataBuilder(factor, seed=seed).build()
    stdout.write(style.SUCCESS(f"Synthetic data added: {size}") + "\n")
    try:
        call_command("rebuild_search_index", verbosity=0)
    except DjangoCommandError:
        stdout.write("No search index to rebuild.\n")


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy_portal.settings")
    import django
    from django.core.management.color import color_style

    django.setup()
    style = color_style()
    try:
        handle(**vars(args), stdout=sys.stdout, style=style)
    except CommandError as error:
        sys.stderr.write(style.ERROR(f"CommandError: {error}") + "\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
