from django.apps import AppConfig


class DiseasemapsConfig(AppConfig):
    name = "diseasemaps"
    verbose_name = "Diseasemaps"
