"""The timeline's filters."""

from __future__ import annotations

from typing import cast

from django import forms


class TimelineFilter(forms.Form):
    type = forms.ChoiceField(label="What happened", required=False)
    agency = forms.ChoiceField(label="Agency", required=False)
    late_only = forms.BooleanField(label="Only records made late", required=False)
    purpose = forms.CharField(
        label="Why you are reading this case (optional)", required=False, max_length=500
    )

    def __init__(self, *args, types, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["type"]).choices = [("", "Everything"), *types]
        cast(forms.ChoiceField, self.fields["agency"]).choices = [("", "All agencies")] + [
            (str(agency.pk), agency.name) for agency in agencies
        ]
