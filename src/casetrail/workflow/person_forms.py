"""The forms a screener uses to settle who a case's person is: decide a possible earlier record."""

from __future__ import annotations

from django import forms

from casetrail.people.models import Person
from casetrail.people.scoring import chance_words
from casetrail.web.fields import choice, text
from casetrail.workflow.projection import matches_undecided
from casetrail.workflow.step_forms import RATIONALE_HINT, CaseForm


class PersonMatchForm(CaseForm):
    person_id = forms.TypedChoiceField(
        label="Which earlier record?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the earlier record you are deciding"},
    )
    decision = choice(
        "Is this the same person?",
        [
            ("same", "Yes, the same person: link this case to the earlier record"),
            ("different", "No, a different person: dismiss the earlier record"),
        ],
        message="Select whether it is the same person",
    )
    rationale = text("Rationale", long=True, help_text=RATIONALE_HINT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        undecided = matches_undecided(self.case.detail)
        people = Person.objects.in_bulk(undecided)
        matches = self.case.detail.get("matches", {})
        field = self.fields["person_id"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [
            (pk, f"{people[pk]} (P-{pk}), {chance_words(matches[str(pk)]['probability'])} likely")
            for pk in sorted(undecided, key=lambda pk: -matches[str(pk)]["probability"])
            if pk in people
        ]
        if len(undecided) == 1:
            self.fields["person_id"].initial = undecided[0]
