"""Each membership carries a copy of its member's place, country, age at diagnosis and effective
map visibility, so that a map's figures are counted from memberships alone (see Membership)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Case, Exists, OuterRef, Subquery, Value, When


def copy_profiles(apps, schema_editor):
    Membership = apps.get_model("community", "Membership")
    Profile = apps.get_model("community", "Profile")
    EmailAddress = apps.get_model("account", "EmailAddress")
    profile = Profile.objects.filter(pk=OuterRef("member_id"))
    on_maps = profile.filter(
        Exists(EmailAddress.objects.filter(user_id=OuterRef("user_id"), verified=True)), user__is_active=True
    ).exclude(visibility="hidden")
    Membership.objects.update(
        place_id=Subquery(profile.values("place_id")),
        country_code=Subquery(profile.values("place__country_code")),
        age_at_diagnosis=Subquery(profile.values("age_at_diagnosis")),
        visibility=Case(When(Exists(on_maps), then=Subquery(profile.values("visibility"))), default=Value("hidden")),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("account", "0009_emailaddress_unique_primary_email"),
        ("community", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="membership",
            name="place",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="community.place",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="country_code",
            field=models.CharField(default="", editable=False, max_length=2),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="membership",
            name="age_at_diagnosis",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="membership",
            name="visibility",
            field=models.CharField(
                choices=[
                    ("listed", "Listed: counted, and shown by pseudonym to signed-in members, who can contact me"),
                    ("counted", "Counted: part of the figures, but never named or contactable"),
                    ("hidden", "Hidden: not on any map or count"),
                ],
                default="hidden",
                editable=False,
                max_length=10,
                verbose_name="map visibility",
            ),
        ),
        migrations.RunPython(copy_profiles, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="membership",
            name="place",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="community.place"
            ),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                fields=["condition", "country_code", "role", "visibility"], name="membership_map_country_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["condition", "age_at_diagnosis", "visibility"], name="membership_map_age_idx"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["condition", "place", "country_code", "visibility"], name="membership_map_place_idx"),
        ),
    ]
