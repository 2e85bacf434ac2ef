"""The floor view: the cheapest page the application can serve, to which every page is compared.

A bare ``ListView`` of 25 rows of one model (localities, whose number is the same at every scale
of the data set), logged in, laid out by ``base.html``: it pays the same middleware, session,
user and layout as every page, and nothing else.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import ListView

from jpt.places.models import Locality


class FloorView(LoginRequiredMixin, ListView):
    template_name = "bench/floor.html"
    context_object_name = "localities"
    paginate_by = 25
    queryset = Locality.objects.order_by("name", "id")
