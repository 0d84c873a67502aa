"""The dashboard's figures through the API: the signals, cases by stage, and reviews due."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router

from casetrail.api.case_schemas import DashboardOut
from casetrail.api.responses import documented
from casetrail.web.http import SignedInRequest
from casetrail.workflow.selectors import cases_visible
from casetrail.workflow.signals import SIGNALS, moment_at, reviews_due, signal_counts, stage_counts

router = Router(tags=["dashboard"])


@router.get(
    "",
    operation_id="dashboard",
    summary="The compliance dashboard's figures",
    description="The same counts as the dashboard page, over the cases you may see.",
    **documented(200, DashboardOut, "The figures", 403),
)
def dashboard(request: SignedInRequest) -> dict:
    if not request.user.has_perm("workflow.view_dashboard"):
        raise PermissionDenied("Supervisors, panel chairs and auditors see the dashboard")
    moment = moment_at(timezone.now())
    cases = cases_visible(request.user)
    counts = signal_counts(cases, moment)
    return {
        "signals": [
            {"code": signal.code, "label": signal.label, "count": counts[signal.code]}
            for signal in SIGNALS
        ],
        "stages": [
            {"stage": stage.value, "label": stage.label, "count": count}
            for stage, count in stage_counts(cases)
        ],
        "reviews_due": [
            {
                "reference": row["case"].reference,
                "person_name": row["case"].person_name,
                "months": row["months"],
                "due_on": row["due_on"],
                "owner": row["owner"].username if row["owner"] else None,
                "status": "overdue" if row["overdue"] else "due soon",
            }
            for row in reviews_due(cases, moment)
        ],
    }
