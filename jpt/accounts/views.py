from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class ProfileView(LoginRequiredMixin, TemplateView):
    """The user's own profile: roles, provinces and the details used for team composition."""

    template_name = "accounts/profile.html"
