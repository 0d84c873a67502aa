"""The compliance dashboard: cases by stage, reviews due, and every signal, with charts.

A fixed handful of queries whatever the number of cases; the charts are SVG
drawn on the server, so the page needs no script.
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from casetrail.web.http import SignedInRequest
from casetrail.workflow.selectors import cases_visible
from casetrail.workflow.signals import SIGNALS, moment_at, reviews_due, signal_counts, stage_counts

BAR_HEIGHT, GAP, LABEL_WIDTH, CHART_WIDTH = 24, 8, 340, 760


def bars(rows: list[tuple[str, int]]) -> dict:
    """Horizontal bars for (label, count) rows, scaled to the largest count."""
    largest = max((count for _, count in rows), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 60
    drawn = [
        {
            "label": label,
            "count": count,
            "y": index * (BAR_HEIGHT + GAP),
            "width": max(round(room * count / largest), 2 if count else 0),
        }
        for index, (label, count) in enumerate(rows)
    ]
    return {
        "rows": drawn,
        "height": len(rows) * (BAR_HEIGHT + GAP),
        "width": CHART_WIDTH,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


@permission_required("workflow.view_dashboard", raise_exception=True)
def dashboard(request: SignedInRequest) -> HttpResponse:
    moment = moment_at(timezone.now())
    cases = cases_visible(request.user)
    caseload = reverse("cases")
    counts = signal_counts(cases, moment)
    signals = [
        (signal, counts[signal.code], f"{caseload}?scope=all&signal={signal.code}")
        for signal in SIGNALS
    ]
    stages = [
        (stage.label, count, f"{caseload}?scope=all&stage={stage.value}")
        for stage, count in stage_counts(cases)
    ]
    context = {
        "signals": signals,
        "stages": stages,
        "stage_chart": bars([(label, count) for label, count, _ in stages]),
        "signal_chart": bars([(signal.label, count) for signal, count, _ in signals]),
        "reviews": reviews_due(cases, moment),
        "moment": moment,
    }
    return render(request, "workflow/dashboard.html", context)
