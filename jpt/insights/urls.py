"""Routes of the indicators: the dashboard and the monthly trend summaries."""

from .views import urlpatterns as view_patterns

app_name = "insights"

urlpatterns = [*view_patterns]
