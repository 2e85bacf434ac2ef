"""Errors raised by services. Views turn them into messages or 403/404 responses."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["InvalidTransition", "PermissionDenied", "ValidationError"]


class InvalidTransition(Exception):
    """The object is not in a state that allows this action (e.g. already decided)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
