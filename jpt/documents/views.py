"""The PDF card's state (an htmx fragment, polled while the job runs) and the download.

Both check the user may have the document (``services.may_see``, through
``selectors.document_visible_to`` or ``services.document_download``): a document whose record
the user does not see, or whose audience is not theirs, is a 404. The download is an audited
read (as a list's export is): the one GET that writes, exactly one audit entry when it answers
the file.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.generic import TemplateView, View

from jpt.core.exceptions import InvalidTransition, PermissionDenied

from .models import Document
from .selectors import document_card, document_visible_to
from .services import document_download

CARD_TEMPLATE = "documents/partials/card.html"


class DocumentMixin(LoginRequiredMixin):
    """Loads ``self.document`` and ``self.target`` within the user's scope (404 otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        found = document_visible_to(request.user, kwargs["pk"])
        if found is None:
            raise Http404
        self.document, self.target = found
        return super().dispatch(request, *args, **kwargs)


class DocumentStatusView(DocumentMixin, TemplateView):
    """The PDF card of the document's record, showing this document: what the page polls
    (every 2 s while queued or rendering) and swaps in place."""

    template_name = CARD_TEMPLATE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pdf"] = document_card(
            kind=self.document.kind,
            target=self.target,
            user=self.request.user,
            document=self.document,
        )
        return context


class DocumentDownloadView(LoginRequiredMixin, View):
    """The PDF as an attachment, with a safe file name, never cached; one audit entry (who,
    what, when). ``services.document_download`` checks the user may have it (the same check as
    ``document_visible_to``, made once): refused, a 404."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        document = Document.objects.select_related("target_type").filter(pk=kwargs["pk"]).first()
        if document is None:
            raise Http404
        try:
            document = document_download(document=document, user=request.user)
        except PermissionDenied as error:
            raise Http404 from error
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect("home")
        try:
            handle = document.file.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=document.filename,
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
