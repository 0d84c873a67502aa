"""The timeline's filters, and the form for stating why a case is being read."""

from __future__ import annotations

from typing import cast

from django import forms


class TimelineFilter(forms.Form):
    type = forms.ChoiceField(label="What happened", required=False)
    agency = forms.ChoiceField(label="Agency", required=False)
    late_only = forms.BooleanField(label="Only records made late", required=False)

    def __init__(self, *args, types, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["type"]).choices = [("", "Everything"), *types]
        cast(forms.ChoiceField, self.fields["agency"]).choices = [("", "All agencies")] + [
            (str(agency.pk), agency.name) for agency in agencies
        ]


class PurposeForm(forms.Form):
    purpose = forms.CharField(
        label="Why you are reading this case",
        max_length=500,
        help_text="Recorded in the case's access log with your name",
        error_messages={
            "required": "Enter why you are reading this case",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )
