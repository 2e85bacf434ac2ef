"""Running one example against a form page and checking the properties every form must have.

For each example (:func:`run`): a fresh client, logged in as the user who may use the form,
posts the base data with some fields replaced, and then

- the status is 200 or 400 (the page again, with its errors) or 302 (done), and the answer
  stays small;
- on 200/400 the page shows an error, every field sent with a plain printable value (no
  control character, within the field's max length) is shown again as typed (``value="..."``
  or textarea content, HTML-escaped as Django escapes it; a select or radio keeps a value it
  offers), and the database did not change;
- on 302 the database changed (the form's model gained a row for a creation), unless the view
  said why nothing was done (an error message, e.g. a status change the mission cannot make),
  and the page the redirect leads to renders (what was saved does not break it).

An endpoint a page's script posts JSON to (``FormCase(encoding="json")``, see :func:`run_json`)
has the same properties in its own terms: the answer is JSON with a status the script knows
(201 stored, 200 already stored, 400/403/404 refused), a refusal names the fields it is about
(``{"errors": {field: [messages]}}``, shown next to them by the script) and writes nothing, and
a 201 stored what was sent.

Everything runs inside a savepoint rolled back at the end of the example, so examples never see
each other's rows.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import hypothesis
from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import transaction
from django.db.models import Model
from django.forms.formsets import ManagementForm
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, currently_in_test_context, event, example, given

from .fields import Field
from .strategies import ABSENT, Days, Ref, replacements, resolve

# Every property test: 40 random examples (and the edge values, see ``form_property``);
# ``JPT_PROPERTY_EXAMPLES=400`` in the environment searches longer (not in ``make test``).
PROPERTY = hypothesis.settings(
    max_examples=int(os.environ.get("JPT_PROPERTY_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ALLOWED_STATUSES = {200, 302, 400}
# A page answering one post stays small: a tampered formset cannot make it build thousands of
# rows (the biggest legitimate answer here, 100 rows of a list, is about 600 kB).
MAX_RESPONSE_BYTES = 1_500_000
# Markers of an error shown on a re-rendered form (crispy-forms Bootstrap 5 templates).
ERROR_MARKERS = ("is-invalid", "invalid-feedback", "alert-danger", "errorlist")


@dataclass
class FormCase:
    """One form page: where it posts, who may use it, what a valid post is, what it changes."""

    title: str
    view: str
    args: tuple
    user: str | None
    base: dict
    fields: dict[str, Field]
    models: tuple[type[Model], ...]
    creates: type[Model] | None = None
    # Called as ``check(scene, post)`` after a 302 that saved.
    saved_checks: list = field(default_factory=list)
    # ``expected(name, post)``: whether a posted field belongs to the form the post submits
    # (a page with two forms shows only the submitted one bound).
    expected: Callable[[str, dict], bool] | None = None
    # ``form``: posted as a browser posts a form (:func:`run`); ``json``: the post is a JSON
    # object, as a page's script sends it (:func:`run_json`).
    encoding: str = "form"
    # For ``json``: the names a refusal may be keyed by (the fields the script shows a message
    # next to, and ``__all__``).
    error_keys: frozenset[str] = frozenset()
    # For ``json``: the statuses an example may get besides 201 and 400.
    also_allowed: frozenset[int] = frozenset()
    # The page hands the work to a Celery task after the request's transaction commits
    # (``transaction.on_commit``): a 302 without an error message "saved" when it queued one.
    after_commit: bool = False

    def url(self, scene) -> str:
        """The page's URL (``args``: rows of the scene as ``Ref``, or literal path parts)."""
        return reverse(self.view, args=[resolve(arg, scene) for arg in self.args])

    def url_shape(self) -> str:
        """The URL with its ids named, e.g. ``/missions/<planning>/plan/`` (for the table)."""
        sentinels = {
            arg.name: str(987654321 + i) for i, arg in enumerate(self.args) if isinstance(arg, Ref)
        }
        args = [sentinels[arg.name] if isinstance(arg, Ref) else arg for arg in self.args]
        url = reverse(self.view, args=args)
        for name, value in sentinels.items():
            url = url.replace(value, f"<{name}>")
        return url

    def field_names(self, scene) -> dict[str, Field]:
        """Fields by their posted name (a name may hold an id: ``rec{review_recommendation}``)."""
        return {name.format_map(scene.ids): spec for name, spec in self.fields.items()}

    def post_data(self, scene, changes: dict) -> dict:
        data = {**self.base, **changes}
        return {
            name.format_map(scene.ids): resolve(value, scene)
            for name, value in data.items()
            if value is not ABSENT
        }

    def json_data(self, scene, changes: dict) -> dict:
        """The JSON object posted: ids as numbers (as a script sends them), dates as ISO text."""
        data = {**self.base, **changes}
        return {
            name: resolve_json(value, scene) for name, value in data.items() if value is not ABSENT
        }


def resolve_json(value, scene):
    """A drawn JSON value as it is sent: placeholders replaced inside lists and objects too; a
    row's id is a number, a device id (a UUID) its text."""
    if isinstance(value, dict):
        return {key: resolve_json(item, scene) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [resolve_json(item, scene) for item in value]
    if isinstance(value, Ref):
        row = scene.ids[value.name]
        return row if isinstance(row, int) else str(row)
    if isinstance(value, Days):
        return value.resolve(scene)
    return value


class _Rollback(Exception):
    """Raised at the end of every example to roll its savepoint back."""


def fingerprint(models) -> dict:
    """Every row of the given models, in full: any change shows."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in models
    }


def count(model) -> int:
    return model._default_manager.count() if model is not None else 0


class RenderedFields(HTMLParser):
    """What each named form control shows (``values``) and offers (``offered``)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, list[str]] = defaultdict(list)
        self.offered: dict[str, set[str]] = defaultdict(set)
        self._select: str | None = None
        # A select without a selected option shows its first one (as a browser does).
        self._select_first: str | None = None
        self._select_multiple = False
        self._selected_before = 0
        self._textarea: str | None = None
        self._text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                value = attributes.get("value") or "on"
                self.offered[name].add(value)
                if "checked" in attributes:
                    self.values[name].append(value)
            elif kind not in {"submit", "button", "image", "reset", "file"}:
                self.values[name].append(attributes.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            self._select_multiple = "multiple" in attributes
            self._selected_before = len(self.values[name])
        elif tag == "option" and self._select:
            value = attributes.get("value") or ""
            self.offered[self._select].add(value)
            if self._select_first is None:
                self._select_first = value
            if "selected" in attributes:
                self.values[self._select].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            content = "".join(self._text)
            # HTML drops one newline right after <textarea>; Django's widget writes one.
            if content.startswith("\n"):
                content = content[1:]
            self.values[self._textarea].append(content)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self.values[self._select]
            if (
                not self._select_multiple
                and self._select_first is not None
                and len(chosen) == self._selected_before
            ):
                chosen.append(self._select_first)
            self._select = None


def is_plain(value: str, max_length: int | None) -> bool:
    """Something typed to keep: printable (no control or format character; spaces are fine),
    within the field's limit, and not only spaces (whitespace-only text holds nothing, and
    crispy-forms collapses a blank textarea's content to one space)."""
    return (
        bool(value.strip())
        and all(ch.isprintable() for ch in value)
        and (max_length is None or len(value) <= max_length)
    )


ROW_FIELD = re.compile(r"^(?P<prefix>[a-z]+)-(?P<index>[0-9]+)-")


def formset_rows(post: dict, prefix: str) -> int:
    """How many rows a formset builds from this post (none when its management form is
    invalid, at most ``absolute_max``): rows beyond are not shown again, by design."""
    management = ManagementForm(post, prefix=prefix)
    if not management.is_valid():
        return 0
    return max(0, management.cleaned_data["TOTAL_FORMS"])


def assert_kept(html: str, fields: dict[str, Field], post: dict, expected=None) -> None:
    """Nothing typed is lost: each field sent is shown again as it was typed."""
    rendered = RenderedFields(html)
    for name, value in post.items():
        spec = fields.get(name)
        if spec is None or spec.kind in {"secret", "hidden"}:
            continue
        if expected is not None and not expected(name, post):
            continue
        row = ROW_FIELD.match(name)
        if (
            row
            and f"{row['prefix']}-TOTAL_FORMS" in fields  # a formset's row, not just a name
            and int(row["index"]) >= formset_rows(post, row["prefix"])
        ):
            continue
        shown = rendered.values.get(name, [])
        if spec.kind in {"text", "textarea"}:
            if isinstance(value, str) and is_plain(value, spec.max_length):
                assert escape(value) in html, f"{name}={value!r} is not on the page again"
                assert value in shown, (
                    f"{name}={value!r} is not shown again in its field (shows {shown!r})"
                )
        elif spec.kind == "choice":
            if isinstance(value, str) and value in rendered.offered.get(name, ()):
                assert value in shown, f"{name}={value!r} is offered but no longer chosen"
        elif spec.kind == "multi":
            offered = rendered.offered.get(name, ())
            for item in value if isinstance(value, list) else [value]:
                if item in offered:
                    assert item in shown, f"{name} lost the choice {item!r}"
        # A checkbox may be shown only in some states (e.g. "file anyway" next to warnings).
        elif spec.kind == "checkbox" and value in {"on", "true"} and name in rendered.offered:
            assert shown, f"{name} was ticked and is no longer"


def session_key(scene, username: str) -> str:
    """A session of the user, opened once per test (outside the examples' savepoints)."""
    sessions = scene.__dict__.setdefault("_sessions", {})
    if username not in sessions:
        client = Client()
        client.force_login(getattr(scene.users, username))
        sessions[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions[username]


def run(case: FormCase, scene, changes: dict) -> str:
    """Post one example and check the properties; undo everything it wrote.

    Returns what happened: ``saved``, ``refused`` (a 302 with an error message) or ``error``
    (the form again, with its errors).
    """
    if case.encoding == "json":
        return run_json(case, scene, changes)
    post = case.post_data(scene, changes)
    url = case.url(scene)
    session = session_key(scene, case.user) if case.user else None
    outcome = ""
    try:
        with transaction.atomic():
            client = Client()  # no cookie (no message) carried over from another example
            if session:
                client.cookies[settings.SESSION_COOKIE_NAME] = session
            before, created_before = fingerprint(case.models), count(case.creates)
            queued_before = len(transaction.get_connection().run_on_commit)
            response = client.post(url, post)
            status = response.status_code
            assert status in ALLOWED_STATUSES, f"{case.title}: status {status} for {post!r}"
            assert len(response.content) < MAX_RESPONSE_BYTES, (
                f"{case.title}: a {len(response.content)}-byte answer"
            )
            if status == 302:
                assert "/accounts/login/" not in response.url or case.user is None, (
                    f"{case.title}: sent to the login page ({response.url})"
                )
                # What was saved (or the message) shows on the page the user lands on (a GET:
                # it writes nothing).
                landing = client.get(response.url, follow=True)
                assert landing.status_code == 200, (
                    f"{case.title}: {response.url} answers {landing.status_code} after the post"
                )
            after = fingerprint(case.models)
            if status == 302:
                refused = [
                    str(m)
                    for m in get_messages(response.wsgi_request)
                    if m.level >= message_levels.ERROR
                ]
                if refused:
                    outcome = "refused"
                    assert after == before, f"{case.title}: refused ({refused}) yet changed"
                elif case.after_commit:
                    outcome = "saved"
                    queued = len(transaction.get_connection().run_on_commit) - queued_before
                    assert queued > 0, f"{case.title}: 302 but nothing queued"
                    assert after == before, f"{case.title}: wrote before the task ran"
                else:
                    outcome = "saved"
                    assert after != before, f"{case.title}: 302 but nothing saved"
                    if case.creates is not None:
                        assert count(case.creates) == created_before + 1
                    for check in case.saved_checks:
                        check(scene, post)
            else:
                outcome = "error"
                html = response.content.decode()
                assert after == before, f"{case.title}: the database changed on an error"
                assert any(marker in html for marker in ERROR_MARKERS), (
                    f"{case.title}: {status} without any error shown"
                )
                assert_kept(html, case.field_names(scene), post, case.expected)
            if not changes:
                assert outcome == "saved", f"{case.title}: its valid base did not save"
            if currently_in_test_context():
                event(outcome)
            raise _Rollback
    except _Rollback:
        pass
    return outcome


JSON_STATUSES = {200, 201, 400}


def run_json(case: FormCase, scene, changes: dict, *, body: bytes | None = None) -> str:
    """Post one example as JSON (``body``: these bytes instead of the case's object) and check
    the properties; undo everything it wrote.

    - the answer is JSON, with 201 (stored), 200 (already stored: the database is unchanged and
      the answer says so), 400 or a status of ``case.also_allowed`` (refused);
    - a refusal writes nothing and says why: ``{"errors": {name: [messages]}}``, each name one
      of ``case.error_keys`` (the script shows the message next to that field), each message
      some text;
    - a 201 added one row of ``case.creates``, its page renders, and ``case.saved_checks`` hold
      (called as ``check(scene, payload)``).

    Returns ``saved``, ``already`` or ``refused``.
    """
    payload = case.json_data(scene, changes) if body is None else None
    data = json.dumps(payload).encode() if body is None else body
    url = case.url(scene)
    session = session_key(scene, case.user) if case.user else None
    outcome = ""
    try:
        with transaction.atomic():
            client = Client()
            if session:
                client.cookies[settings.SESSION_COOKIE_NAME] = session
            before, created_before = fingerprint(case.models), count(case.creates)
            response = client.post(url, data, content_type="application/json")
            status = response.status_code
            shown = data[:300]
            assert status in JSON_STATUSES | case.also_allowed, (
                f"{case.title}: status {status} for {shown!r}"
            )
            assert len(response.content) < MAX_RESPONSE_BYTES
            assert response["Content-Type"].startswith("application/json"), (
                f"{case.title}: a {response['Content-Type']} answer"
            )
            answer = response.json()
            after = fingerprint(case.models)
            if status == 201:
                outcome = "saved"
                assert after != before, f"{case.title}: 201 but nothing saved"
                if case.creates is not None:
                    assert count(case.creates) == created_before + 1
                assert answer.get("created") is True, answer
                page = client.get(answer["url"])
                assert page.status_code == 200, (
                    f"{case.title}: {answer['url']} answers {page.status_code} once stored"
                )
                for check in case.saved_checks:
                    check(scene, payload)
            elif status == 200:
                outcome = "already"
                assert after == before, f"{case.title}: already stored, yet changed"
                assert answer.get("created") is False, answer
            else:
                outcome = "refused"
                assert after == before, f"{case.title}: refused ({answer}), yet changed"
                errors = answer.get("errors")
                assert isinstance(errors, dict) and errors, f"{case.title}: {answer} says no why"
                for name, messages in errors.items():
                    assert name in case.error_keys, (
                        f"{case.title}: an error about {name!r}, which the page does not show"
                    )
                    assert isinstance(messages, list) and messages, (name, messages)
                    assert all(isinstance(m, str) and m.strip() for m in messages), messages
            if body is None and not changes:
                assert outcome == "saved", f"{case.title}: its valid base did not save"
            if currently_in_test_context():
                event(outcome)
            raise _Rollback
    except _Rollback:
        pass
    return outcome


def form_property(case: FormCase):
    """The property test of one form: its valid base as it is (which must save), the edge
    values of each field (one field at a time), then random examples drawn from every field's
    strategy."""

    def decorate(test):
        for name, spec in reversed(case.fields.items()):
            for value in reversed(spec.edges):
                test = example(changes={name: value})(test)
        test = example(changes={})(test)
        return PROPERTY(given(changes=replacements(case.fields))(test))

    return decorate
