from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench`: the benchmark, at the composition level (it builds data across every app).
    Installed by the test settings only, which `make bench` uses."""

    name = "jpt.bench"
    label = "bench"
    verbose_name = "Benchmark"
