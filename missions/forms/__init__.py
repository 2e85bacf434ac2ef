"""Forms of the missions app. They validate input and hand it to services."""

from .requests import (
    ApproveForm,
    DateInput,
    DeclineForm,
    JptRequestForm,
    ReturnForm,
    provinces_for,
)

__all__ = [
    "ApproveForm",
    "DateInput",
    "DeclineForm",
    "JptRequestForm",
    "ReturnForm",
    "provinces_for",
]
