from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from community import signals
        from community.condition_requests.curators import let_curators_decide
        from community.models.moderation import ensure_moderators_group

        signals.connect()
        post_migrate.connect(ensure_moderators_group, sender=self)
        post_migrate.connect(let_curators_decide, sender=self)
