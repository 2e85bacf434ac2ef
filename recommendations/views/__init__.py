"""Pages of the recommendations app, one module per part, each listing its own routes in
``urlpatterns``: ``recommendations`` (the list and a recommendation's page), ``tracking`` (the
implementation form and the monitoring board), ``visits`` (CLIs' follow-up visits, offline
too, and their calendar), ``alerts`` (community alerts and material support)."""
