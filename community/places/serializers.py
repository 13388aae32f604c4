"""A place as the API shows it: its id, names and label, never its coordinates."""

from __future__ import annotations

from rest_framework import serializers

from community.models import Place


class PlaceSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="geonameid", read_only=True)
    region = serializers.CharField(read_only=True)
    country = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Place
        fields = ["id", "name", "region", "country", "country_code", "label"]
