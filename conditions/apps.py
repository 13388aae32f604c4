from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConditionsConfig(AppConfig):
    name = "conditions"
    verbose_name = _("Conditions and articles")

    def ready(self) -> None:
        from conditions import signals
        from conditions.curators import ensure_curators_group
        from conditions.search import ensure_trigram_index

        post_migrate.connect(ensure_curators_group, sender=self)
        post_migrate.connect(ensure_trigram_index, sender=self)
        signals.connect()
