"""Template helpers for the mission page's field-work sections."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from ..choices import ConsultationType

register = template.Library()


@dataclass
class ConsultationTotals:
    meetings: int = 0
    women: int = 0
    men: int = 0
    girls: int = 0
    boys: int = 0
    women_meetings: int = 0


@register.simple_tag
def consultation_totals(consultations) -> ConsultationTotals:
    """Meetings held, women and men met, and meetings with local women (from the loaded list,
    so no extra query)."""
    totals = ConsultationTotals()
    for consultation in consultations:
        totals.meetings += 1
        totals.women += consultation.women
        totals.men += consultation.men
        totals.girls += consultation.girls or 0
        totals.boys += consultation.boys or 0
        if consultation.kind == ConsultationType.LOCAL_WOMEN:
            totals.women_meetings += 1
    return totals
