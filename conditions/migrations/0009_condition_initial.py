from django.db import migrations, models
from django.db.models.functions import Lower

from conditions.text import initial_of

BATCH = 1000


def file_under_initials(apps, schema_editor):
    """Each condition's letter in the A–Z index, from its name, as Condition.save() now keeps it."""
    Condition = apps.get_model("conditions", "Condition")
    changed = []
    for condition in Condition.objects.only("pk", "name", "initial").iterator(chunk_size=BATCH):
        initial = initial_of(condition.name)
        if condition.initial != initial:
            condition.initial = initial
            changed.append(condition)
    Condition.objects.bulk_update(changed, ["initial"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0008_phenotypes_and_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="condition",
            name="initial",
            field=models.CharField(default="#", editable=False, max_length=1, verbose_name="initial"),
        ),
        migrations.RunPython(file_under_initials, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="condition",
            index=models.Index("initial", Lower("name"), "is_published", name="condition_initial_name_idx"),
        ),
        migrations.AddIndex(
            model_name="condition",
            index=models.Index(
                fields=["is_published", "outline_changed_at", "updated_at", "map_version"], name="condition_catalogue_idx"
            ),
        ),
    ]
