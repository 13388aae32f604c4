"""Copy the English values into their new `_en` columns (modeltranslation's update_translation_fields,
as a migration), and file every condition under its English initial in every language until it has a
name there. Reversed: the `_en` columns back into the ones without a suffix (which save() keeps equal)."""

from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce

LANGUAGES = ("en", "es", "ca", "fr", "it", "pt", "de")


def copy_english(apps, schema_editor):
    Condition = apps.get_model("conditions", "Condition")
    Question = apps.get_model("conditions", "Question")
    Condition.objects.update(
        name_en=F("name"),
        synonyms_en=F("synonyms"),
        description_en=F("description"),
        name_gender_en=F("name_gender"),
        **{f"initial_{language}": F("initial") for language in LANGUAGES},
    )
    Question.objects.update(text_en=F("text"))


def copy_english_back(apps, schema_editor):
    Condition = apps.get_model("conditions", "Condition")
    Question = apps.get_model("conditions", "Question")
    Condition.objects.update(
        name=Coalesce("name_en", "name"),
        synonyms=Coalesce("synonyms_en", "synonyms"),
        description=Coalesce("description_en", "description"),
        initial=Coalesce("initial_en", "initial"),
    )
    Question.objects.update(text=Coalesce("text_en", "text"))


class Migration(migrations.Migration):
    dependencies = [("conditions", "0011_translations")]

    operations = [migrations.RunPython(copy_english, copy_english_back)]
