"""Deployment checks (`manage.py check --deploy`) for settings Django's own checks do not know."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host


@register(Tags.security, deploy=True)
def site_url_is_public_and_served(app_configs, **kwargs) -> list[Warning]:
    """Emails and canonical links point at SITE_URL: it must be HTTPS and a host this site serves."""
    address = urlsplit(settings.SITE_URL)
    problems = []
    if address.scheme != "https":
        problems.append(Warning("SITE_URL does not start with https://.", id="diseasemaps.W001"))
    if not validate_host(address.netloc, settings.ALLOWED_HOSTS):
        problems.append(Warning("SITE_URL's host is not in ALLOWED_HOSTS.", id="diseasemaps.W002"))
    return problems


@register(Tags.security, deploy=True)
def operator_is_named(app_configs, **kwargs) -> list[Warning]:
    """The privacy policy, terms and contact page name the data controller: not the demo's."""
    unset = [name for name in ("OPERATOR_NAME", "OPERATOR_ADDRESS", "OPERATOR_EMAIL") if not os.environ.get(name)]
    if unset:
        return [Warning(f"{', '.join(unset)} not set: the policies name the demo operator.", id="diseasemaps.W003")]
    return []
