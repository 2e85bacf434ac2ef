"""Routes of the recommendations app (being written)."""

app_name = "recommendations"

urlpatterns: list = []
