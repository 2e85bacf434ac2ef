from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .choices import EmailStatus
from .models import EmailMessage
from .tasks import send_email_task


@admin.register(EmailMessage)
class EmailMessageAdmin(admin.ModelAdmin):
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
        ids = list(queryset.exclude(status=EmailStatus.SENT).values_list("id", flat=True))
        queryset.filter(id__in=ids).update(status=EmailStatus.PENDING)
        for message_id in ids:
            send_email_task.delay(message_id)
        self.message_user(request, _("%d e-mails queued again.") % len(ids), messages.SUCCESS)
