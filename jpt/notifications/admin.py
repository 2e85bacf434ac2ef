from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from jpt.core.admin import ProtectedModelAdmin

from .models import EmailMessage
from .services import email_requeue


@admin.register(EmailMessage)
class EmailMessageAdmin(ProtectedModelAdmin):
    list_display = ["created_at", "to_address", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to_address", "subject"]
    readonly_fields = [f.name for f in EmailMessage._meta.fields]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again"))
    def resend(self, request, queryset):
        """Each selected e-mail through :func:`email_requeue` (audited, sent after commit)."""
        queued = skipped = 0
        for message in queryset.order_by("pk"):
            if email_requeue(message=message, user=request.user):
                queued += 1
            else:
                skipped += 1
        self.message_user(
            request,
            ngettext("%(n)d e-mail queued again.", "%(n)d e-mails queued again.", queued)
            % {"n": queued},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(n)d e-mail left alone: already sent or being sent.",
                    "%(n)d e-mails left alone: already sent or being sent.",
                    skipped,
                )
                % {"n": skipped},
                messages.WARNING,
            )
