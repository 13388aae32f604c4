from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from conditions.catalogue import CatalogueError, from_file, from_ontology, import_catalogue


class Command(BaseCommand):
    help = (
        "Create or update one condition per Orphanet disease of the Human Phenotype Ontology (and per "
        "OMIM disease with --omim), merging with the conditions there are. Running it again changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--omim", action="store_true", help="Add OMIM's diseases too (many, gene by gene).")
        parser.add_argument("--file", type=Path, metavar="FILE", help="Read the catalogue from a JSON file instead.")

    def handle(self, *args, omim: bool, file: Path | None, **options) -> None:
        started = time.monotonic()
        try:
            catalogue = from_file(file) if file else from_ontology(omim=omim)
        except CatalogueError as error:
            raise CommandError(str(error)) from None

        def progress(diseases):
            return tqdm(diseases, desc="Importing", unit="disease", disable=None, file=self.stderr._out)

        outcome = import_catalogue(catalogue, progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Catalogue {catalogue.version}: {len(catalogue.diseases):,} diseases, {outcome.created:,} created, "
                f"{outcome.updated:,} updated, {outcome.unchanged:,} unchanged in {time.monotonic() - started:.1f}s."
            )
        )
