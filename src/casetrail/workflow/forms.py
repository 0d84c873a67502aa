"""The note form and the caseload filter, with GOV.UK-style messages."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings

from casetrail.workflow.signals import SIGNALS
from casetrail.workflow.stages import STAGE_LABELS


class NoteForm(forms.Form):
    summary = forms.CharField(
        label="Summary",
        max_length=200,
        help_text="One line: what happened",
        error_messages={
            "required": "Enter a summary",
            "max_length": "Summary must be 200 characters or fewer",
        },
    )
    detail = forms.CharField(
        label="Detail (optional)", required=False, max_length=20_000, widget=forms.Textarea
    )
    significant = forms.BooleanField(
        label="This is significant new information",
        required=False,
        help_text="Assessments made before it become stale",
    )
    # Plain text, as in the GOV.UK date input: every fault is reported once, on the date.
    day = forms.CharField(required=False, max_length=4)
    month = forms.CharField(required=False, max_length=4)
    year = forms.CharField(required=False, max_length=6)
    at = forms.TimeField(
        label="Time (optional)",
        required=False,
        input_formats=["%H:%M"],
        help_text="24-hour clock, for example 14:30",
        error_messages={"invalid": "Enter the time as hours and minutes, for example 14:30"},
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        parts = [(data.get(name) or "").strip() for name in ("day", "month", "year")]
        if not any(parts):
            self.add_error("day", "Enter the date it happened")
            return data
        if not all(parts):
            self.add_error("day", "The date it happened must include a day, month and year")
            return data
        if not (parts[2].isdigit() and len(parts[2]) == 4):
            # "26" would be the year 26: a mistake the insert-only record could never undo.
            self.add_error("day", "Year must include 4 numbers, for example 2026")
            return data
        try:
            day_number, month, year = (int(part) for part in parts)
            day = datetime(year, month, day_number).date()
        except ValueError:
            self.add_error("day", "The date it happened must be a real date")
            return data
        moment = datetime.combine(day, data.get("at") or time(0, 0))
        data["occurred_at"] = moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        return data


class CaseloadFilter(forms.Form):
    scope = forms.ChoiceField(
        label="Cases", choices=[("mine", "My cases"), ("all", "All cases")], required=False
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[
            ("", "Any stage"),
            *((stage.value, label) for stage, label in STAGE_LABELS.items()),
        ],
    )
    signal = forms.ChoiceField(
        label="Needing attention",
        required=False,
        choices=[("", "Anything"), *((signal.code, signal.label) for signal in SIGNALS)],
    )
    q = forms.CharField(label="Reference or name", required=False, max_length=200)
    sort = forms.ChoiceField(
        required=False,
        choices=[
            (f"{direction}{key}", key)
            for key in ("reference", "person", "stage", "opened", "updated")
            for direction in ("", "-")
        ],
    )
