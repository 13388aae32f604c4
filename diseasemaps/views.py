from __future__ import annotations

from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from community.members import stats
from conditions.models import Article, Condition, Question
from diseasemaps import readiness
from diseasemaps.http import absolute_url, require_safe
from diseasemaps.page_cache import cache_for_visitors

MOST_ACTIVE_COUNT = 6


@require_safe
@cache_for_visitors(stats.front_page_version)
def home(request):
    conditions = Condition.objects.published().only("name", "slug", "description", "updated_at", "map_people")
    context = {
        "most_active": stats.most_active(conditions, MOST_ACTIVE_COUNT),
        "totals": {
            "conditions": conditions.count(),
            "articles": Article.objects.published().values("condition").distinct().count(),
            "questions": Question.objects.filter(condition__is_published=True).count(),
            "people": stats.people_in_maps(),
        },
    }
    return render(request, "home.html", context)


@require_safe
@cache_control(no_store=True)
def healthz(request):
    """Liveness probe for load balancers; also the "hello" baseline in bench/pages.py."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
@cache_control(no_store=True)
def readyz(request):
    """Readiness probe: 200 when the database, the cache (and the task queue, if any) answer, else
    503 naming the part that does not: {"database": "ok", "cache": "unavailable"}."""
    ready, parts = readiness.report()
    response = JsonResponse(parts, status=200 if ready else 503)
    response._has_been_logged = True  # by the request log; not once more by django.request per probe
    return response


@require_safe
def robots_txt(request):
    sitemap = absolute_url("/sitemap.xml")
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def csrf_failure(request, reason: str = ""):
    """A form sent without its CSRF token (often an old tab): the 403 page in the site's layout."""
    message = _("This form has expired. Go back, reload the page and send it again.")
    return render(request, "403.html", {"exception": message}, status=403)
