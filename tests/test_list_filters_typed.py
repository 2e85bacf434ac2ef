"""Whatever is typed into a list's filter bar or its URL, the list answers: the page and its
exports draw the form with its errors, never a server error. Hypothesis sends, for every list
with a filter bar, any of its filters (and ``page``) with text of any length and script, NULs,
numbers out of range and impossible dates, as the user who sees the list in Nord-Kivu.

The matrix scene (``tests/conftest.py``) is built once; a GET changes nothing."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .test_list_exports import EXPORTS

ODD_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "99999-01-01",
    "0000-00-00",
    "true",
    "maybe",
    "\x00",
    "Kisangani « é » ç",
    "'; DROP TABLE missions_mission; --",
    "%",
    "_",
    "JPT-M2026-0003",
    "JPT-M2026-99999999999999999999",
]
VALUES = st.one_of(
    st.sampled_from(ODD_VALUES),
    st.text(max_size=400),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(str),
)


def filter_names(client, route: str) -> list[str]:
    response = client.get(reverse(route))
    assert response.status_code == 200, route
    form = response.context["filter"].form if response.context.get("filter") else None
    return [*(form.fields if form is not None else []), "page"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(EXPORTS))
def test_whatever_is_typed_into_a_list_it_answers(route, matrix_scene):
    client = matrix_scene.clients[EXPORTS[route][0]]
    names = filter_names(client, route)

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        query=st.dictionaries(st.sampled_from(names), VALUES, min_size=1, max_size=4),
        export=st.sampled_from(["", "csv"]),
    )
    def typed(query, export):
        params = {**query, **({"export": export} if export else {})}
        response = client.get(f"{reverse(route)}?{urlencode(params)}")
        assert response.status_code in (200, 404), (route, params, response.status_code)

    typed()
