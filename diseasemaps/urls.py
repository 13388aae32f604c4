from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from community.members.views import SignupView
from conditions.sitemaps import ArticleSitemap, ConditionSitemap
from diseasemaps import policies, views
from diseasemaps.languages import switch_language
from diseasemaps.sitemaps import PolicySitemap

# The admin signs in through allauth's login, and so gets its rate limits against guessing.
admin.site.login = secure_admin_login(admin.site.login)

sitemaps = {"conditions": ConditionSitemap, "articles": ArticleSitemap, "policies": PolicySitemap}

# The pages people read, at /es/…, /fr/… in the other languages; English keeps the addresses
# without a prefix (diseasemaps/languages.py).
urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    # Community's pages of a condition (map, people, writing answers), before conditions' own.
    path("conditions/<slug:slug>/", include("community.condition_urls")),
    path("conditions/", include("conditions.urls")),
    path("accounts/signup/", SignupView.as_view(), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("community/", include("community.urls")),
    path("privacy/", policies.privacy, name="privacy"),
    path("terms/", policies.terms, name="terms"),
    path("contact/", policies.contact, name="contact"),
    prefix_default_language=False,
)
# The API answers in Accept-Language's language; the admin, in the curator's.
urlpatterns += [
    path("language/", switch_language, name="switch_language"),
    path("api/", include("diseasemaps.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # An index of the sections, each in pages of at most 5,000 addresses: /sitemap-conditions.xml?p=2.
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<slug:section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap_section"),
]

# Under /api/ errors answer JSON, elsewhere the site's pages.
handler400 = "diseasemaps.errors.bad_request"
handler403 = "diseasemaps.errors.permission_denied"
handler404 = "diseasemaps.errors.page_not_found"
handler500 = "diseasemaps.errors.server_error"
# allauth's rate limits answer through this (a 503 while the cache that counts them is down).
handler429 = "diseasemaps.errors.too_many_requests"
