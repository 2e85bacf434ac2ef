"""Routes of the reports app (being written)."""

app_name = "reports"

urlpatterns: list = []
