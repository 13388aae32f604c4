from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, reverse
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from conditions.api import ConditionSearchView

app_name = "api"


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request):
    """What the API offers, with links."""
    links = {
        "conditions": "api:conditions",
        "places": "api:places",
        "me": "api:me",
        "my_memberships": "api:my-memberships",
        "connections": "api:connections",
        "blocks": "api:blocks",
        "reports": "api:reports",
        "my_data": "api:my-export",
        "schema": "api:schema",
        "docs": "api:docs",
    }
    return Response({name: request.build_absolute_uri(reverse(view)) for name, view in links.items()})


urlpatterns = [
    path("", api_root, name="root"),
    path("conditions/", ConditionSearchView.as_view(), name="conditions"),
    path("", include("community.api")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets inline styles; its scripts still need this site's files and nonce.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
]
