"""The review queue's pages: the pairs to decide, the pairs decided, and one pair side by side."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from casetrail.people.forms import PairDecisionForm
from casetrail.people.models import UncertainPair
from casetrail.people.review import (
    PairAlreadyDecided,
    pair_decide,
    pair_sides,
    pairs_decided,
    pairs_open,
)
from casetrail.people.scoring import Evidence
from casetrail.web.http import SignedInRequest
from casetrail.web.templatetags.casetrail import bits
from casetrail.workflow.record import RecordError

PER_PAGE = 50
# Each field's bar grows a step for this many bits, up to the steps the stylesheet draws.
BITS_PER_STEP = 1.5
BAR_STEPS = 10
NOT_COMPARED = "not known on both"


@permission_required("people.review_pairs", raise_exception=True)
def pair_list(request: SignedInRequest) -> HttpResponse:
    page = Paginator(pairs_open(), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "decided": False, "other_count": pairs_decided().count()}
    return render(request, "people/pair_list.html", context)


@permission_required("people.review_pairs", raise_exception=True)
def pair_list_decided(request: SignedInRequest) -> HttpResponse:
    page = Paginator(pairs_decided(), PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "decided": True, "other_count": pairs_open().count()}
    return render(request, "people/pair_list.html", context)


@permission_required("people.review_pairs", raise_exception=True)
def pair_page(request: SignedInRequest, pair_id: int) -> HttpResponse:
    pair = get_object_or_404(UncertainPair.objects.select_related("decided_by"), pk=pair_id)
    form = PairDecisionForm(request.POST if request.method == "POST" else None)
    refusal = ""
    if request.method == "POST" and form.is_valid():
        try:
            pair_decide(
                pair_id=pair.pk,
                by=request.user,
                same=form.same,
                rationale=form.cleaned_data["rationale"],
                now=timezone.now(),
            )
        except RecordError as error:
            form.add_error(error.field if error.field in form.fields else None, error.plain)
        except PairAlreadyDecided as refused:
            refusal, pair = str(refused), refused.pair
        else:
            messages.success(request, _decided_message(pair, form.same))
            return redirect("people-review")
    context = {
        "pair": pair,
        "sides": pair_sides(pair),
        "evidence": evidence_rows(pair.evidence),
        "form": None if pair.decided_at else form,
        "refusal": refusal,
    }
    return render(request, "people/pair_page.html", context, status=409 if refusal else 200)


def _decided_message(pair: UncertainPair, same: bool) -> str:
    records = pair.label
    if same:
        return f"Recorded: {records} are the same person, now one record"
    return f"Recorded: {records} are different people"


@dataclass(frozen=True)
class EvidenceRow:
    """One field's part in the import's score, as the explanation shows it."""

    field: str
    label: str
    weight: float
    verdict: str

    @property
    def bits(self) -> str:
        return bits(self.weight)

    @property
    def steps(self) -> int:
        return min(BAR_STEPS, round(abs(self.weight) / BITS_PER_STEP))

    @property
    def direction(self) -> str:
        return "for" if self.weight > 0 else "against"


def evidence_rows(evidence: list) -> list[EvidenceRow]:
    """The stored [[field, label, weight], ...] with each field's verdict, as scoring words it."""
    rows = []
    for field, label, weight in evidence:
        # The verdict asks only whether a level was found; scoring labels a field it could
        # not compare so. The label is kept as stored, whatever the labels say today.
        level = None if label == NOT_COMPARED else 0
        rows.append(
            EvidenceRow(field, label, weight, Evidence(field, level, label, weight).verdict)
        )
    return rows
