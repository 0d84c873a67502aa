"""The review queue's one form: whether a pair's two records are one person, and why."""

from __future__ import annotations

from django import forms

from casetrail.people.models import PairDecision
from casetrail.web.fields import choice, text

RATIONALE_HINT = (
    "Say what you compared and what decided it: for example the same NHS number, "
    "or dates of birth too far apart to be a typing slip."
)


class PairDecisionForm(forms.Form):
    decision = choice(
        "Are these records the same person?",
        PairDecision.choices,
        message="Select whether these records are the same person or different people",
    )
    rationale = text("Rationale", long=True, help_text=RATIONALE_HINT)

    @property
    def same(self) -> bool:
        return self.cleaned_data["decision"] == PairDecision.SAME
