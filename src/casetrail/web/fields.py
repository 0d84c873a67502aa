"""Form fields in the GOV.UK patterns that Django does not have: the three-part date input."""

from __future__ import annotations

from datetime import date

from django import forms


class DateParts(forms.MultiWidget):
    """Day, month and year as three text inputs (rendered by includes/field.html)."""

    def __init__(self):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()])

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateField(forms.MultiValueField):
    """A real date from day, month and year, with GOV.UK's messages for each way it can be wrong."""

    widget = DateParts

    def __init__(self, *, label: str, required: bool = True, **kwargs):
        parts = [forms.CharField(required=False, max_length=6) for _ in range(3)]
        self.what = label[:1].lower() + label[1:].rstrip("?")
        super().__init__(parts, label=label, required=False, require_all_fields=False, **kwargs)
        self.needed = required

    def compress(self, data_list):
        parts = [(part or "").strip() for part in (data_list or ["", "", ""])]
        if not any(parts):
            if self.needed:
                raise forms.ValidationError(f"Enter {self.what}")
            return None
        if not all(parts):
            raise forms.ValidationError(f"{self._what()} must include a day, month and year")
        if not (parts[2].isdigit() and len(parts[2]) == 4):
            raise forms.ValidationError("Year must include 4 numbers, for example 2026")
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise forms.ValidationError(f"{self._what()} must be a real date") from None

    def _what(self) -> str:
        return self.what[:1].upper() + self.what[1:]


def text(label: str, *, required: bool = True, long: bool = False, max_length: int = 10_000, **kw):
    """A text field whose messages name what is missing, as GOV.UK forms do."""
    what = label[:1].lower() + label[1:]
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea if long else forms.TextInput,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
        **kw,
    )


def choice(label: str, choices, *, radios: bool = True, message: str = "", **kw):
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={
            "required": message or f"Select {label[:1].lower() + label[1:]}",
            "invalid_choice": message or f"Select {label[:1].lower() + label[1:]}",
        },
        **kw,
    )


def ticks(label: str, choices, **kw):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only the options listed"},
        **kw,
    )
