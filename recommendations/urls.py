"""Routes of the recommendations app (each views module lists its own)."""

from .views import alerts, observations, recommendations, tracking, visits

app_name = "recommendations"

urlpatterns = [
    *recommendations.urlpatterns,
    *tracking.urlpatterns,
    *alerts.urlpatterns,
    *visits.urlpatterns,
    *observations.urlpatterns,
]
