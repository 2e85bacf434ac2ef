"""Forms of the follow-up, one module per part: ``tracking`` (implementation, the board's
filters), ``alerts`` (community alerts, material support), ``visits`` (follow-up visits).
Import them from their module (``from ..forms.tracking import ImplementationForm``)."""
