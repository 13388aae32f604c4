from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from conditions.sitemaps import ArticleSitemap, ConditionSitemap
from diseasemaps import views

sitemaps = {"conditions": ConditionSitemap, "articles": ArticleSitemap}

urlpatterns = [
    path("", views.home, name="home"),
    path("conditions/", include("conditions.urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
]
