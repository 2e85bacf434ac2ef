"""``{% part name %} … {% endpart %}``: a part of a page drawn once per version of the data.

A list page's table (its rows, their links and badges, the pagination) changes only when a
service records something, the user's scope changes, or the page is asked for other filters or
another page. Inside a view with ``parts`` (``missions.caching.PartsMixin``: every list view),
the tag keeps what it encloses under the request's ``Parts`` (the user, their provinces and
permissions, the version of the data, the language, time zone and day), the view, its path
and every parameter of its query string, page included, and the values given as arguments
(``{% part alert_table hours=response_hours %}``: a setting the rows are judged by);
elsewhere it draws the block as is.
On a hit the rows are never read: the page's queryset stays unevaluated, so a list view must
leave its rows to the template (decorate them lazily: ``missions.caching.LazyRows``).

A block may hold forms: it is drawn with a placeholder for ``{% csrf_token %}``, and the
placeholder's ``<input>`` is replaced by the request's own token each time the part is shown
(escaped text can hold no ``<``, so nothing a user wrote can pass for it). What the block draws
must depend on nothing else: never a value the view computes from anything but the data, the
user and the request's URL, unless it is passed as an argument. What changes with the hour (an
alert "without response after 48 h") shows within ``missions.caching.SECONDS``.
"""

from __future__ import annotations

from django import template
from django.template.base import token_kwargs
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import mark_safe

from missions.caching import request_asked

register = template.Library()

# What ``{% csrf_token %}`` draws inside a part while it is drawn for the cache.
CSRF_PLACEHOLDER = "csrf-token-of-the-request"
CSRF_PLACEHOLDER_INPUT = CsrfTokenNode().render(template.Context({"csrf_token": CSRF_PLACEHOLDER}))


class PartNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList, extra: dict):
        self.name = name
        self.nodelist = nodelist
        self.extra = extra  # name -> FilterExpression: what else the block depends on

    def render(self, context) -> str:
        view = context.get("view")
        request = context.get("request")
        parts = getattr(view, "parts", None)
        if parts is None or request is None or request.method != "GET":
            return self.nodelist.render(context)
        html = parts.get(
            f"part:{self.name}",
            lambda: self.draw(context),
            **request_asked(view, request),
            extra=sorted((key, value.resolve(context)) for key, value in self.extra.items()),
        )
        if CSRF_PLACEHOLDER_INPUT in html:
            html = html.replace(CSRF_PLACEHOLDER_INPUT, CsrfTokenNode().render(context))
        return mark_safe(html)  # noqa: S308 - the block's own rendering, escaped by its template

    def draw(self, context) -> str:
        """The block, its forms' CSRF token left as ``CSRF_PLACEHOLDER``."""
        with context.push(csrf_token=CSRF_PLACEHOLDER):
            return str(self.nodelist.render(context))


@register.tag("part")
def do_part(parser, token) -> PartNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% part %} takes a name: {% part name key=value %}")
    name = bits[1].strip("\"'")
    extra = token_kwargs(bits[2:], parser)
    if len(extra) != len(bits) - 2:
        raise template.TemplateSyntaxError("{% part name %} takes key=value arguments only")
    nodelist = parser.parse(("endpart",))
    parser.delete_first_token()
    return PartNode(name, nodelist, extra)
