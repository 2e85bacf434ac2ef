"""Routes of the recommendations app: the reviewer's inbox, the review page and its actions,
the recommendation list and a recommendation's history (listed in ``views``)."""

from .views import urlpatterns as view_urlpatterns

app_name = "recommendations"

urlpatterns = [*view_urlpatterns]
