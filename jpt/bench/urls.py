"""The benchmark's URLconf: every route of the application (``jpt.urls``), then the floor view.

Only the benchmark's processes use it (``jpt.bench.settings``): the floor view is never mounted in
the application itself, nor in the test suite, whose tests walk every route of ``jpt.urls``.
The floor comes last, so resolving it walks the application's routes first, as a page does.
"""

from django.urls import include, path

from .views import FloorView

bench_patterns = ([path("bench/floor/", FloorView.as_view(), name="floor")], "bench")

urlpatterns = [
    path("", include("jpt.urls")),
    path("", include(bench_patterns)),
]
