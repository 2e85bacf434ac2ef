"""Routes of rendered documents: a document's state (the PDF card) and its download. Each
kind's request view lives with its app (e.g. ``reports:report_pdf``)."""

from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path(
        "documents/<id:pk>/status/",
        views.DocumentStatusView.as_view(),
        name="document_status",
    ),
    path(
        "documents/<id:pk>/download/",
        views.DocumentDownloadView.as_view(),
        name="document_download",
    ),
]
