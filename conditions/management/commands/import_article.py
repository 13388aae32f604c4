from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from conditions.importer import ImportFormatError, import_article
from conditions.languages import LANGUAGES, SOURCE


class Command(BaseCommand):
    help = (
        "Import causes articles in the seed format; with --language, translations of existing conditions' "
        "articles. Importing the same file twice changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--draft", action="store_true", help="Save the articles as drafts, not published.")
        parser.add_argument(
            "--language",
            default=SOURCE,
            metavar="CODE",
            help=f"The files' language, one of {', '.join(LANGUAGES)} (default {SOURCE}).",
        )

    def handle(self, *args, files: list[Path], draft: bool, language: str, **options) -> None:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        errors: list[str] = []
        for path in tqdm(files, desc="Importing", unit="file", disable=None, file=self.stderr._out):
            try:
                result = import_article(path, draft=draft, language=language)
            except ImportFormatError as error:
                errors.append(str(error))
                self.stderr.write(self.style.ERROR(str(error)))
                continue
            counts[result.outcome] += 1
            if options["verbosity"] >= 1:
                self.stdout.write(result.describe())
        summary = (
            f"{len(files)} file(s): {counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {len(errors)} failed."
        )
        if errors:
            raise CommandError("\n".join([*errors, summary + " Nothing was written for the failed files."]))
        self.stdout.write(self.style.SUCCESS(summary))
