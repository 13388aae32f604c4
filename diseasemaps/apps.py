from django.apps import AppConfig


class DiseasemapsConfig(AppConfig):
    name = "diseasemaps"
    verbose_name = "Diseasemaps"

    def ready(self) -> None:
        from diseasemaps import checks  # noqa: F401  (registers the deployment checks)
