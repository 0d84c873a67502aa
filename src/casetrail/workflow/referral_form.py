"""The referral form: who the person is, the concerns, and who is referring."""

from __future__ import annotations

from django import forms

from casetrail.people.normalise import is_nhs_number
from casetrail.web.fields import DateField, choice, text


class ReferralForm(forms.Form):
    person_name = text("Full name of the person", max_length=200)
    aliases = text(
        "Other names they are known by (optional)",
        required=False,
        long=True,
        max_length=2_000,
        help_text="One a line",
    )
    birth_date = DateField(
        label="Date of birth (optional)", required=False, help_text="For example, 27 3 2007"
    )
    address = text("Address (optional)", required=False, long=True, max_length=500)
    town = text("Town or city (optional)", required=False, max_length=200)
    postcode = text("Postcode (optional)", required=False, max_length=20)
    nhs_number = text("NHS number (optional)", required=False, max_length=20, help_text="10 digits")
    pnc_id = text(
        "Police National Computer reference (optional)",
        required=False,
        max_length=40,
        help_text="For example, 12/345678A",
    )
    concerns = text(
        "What are your concerns?",
        long=True,
        max_length=20_000,
        help_text="What you have seen or heard, when, and why it worries you",
    )
    relationship = text("How do you know the person?", long=True, max_length=2_000)
    person_aware = choice(
        "Does the person know about this referral?",
        [("yes", "Yes"), ("no", "No"), ("not_known", "I do not know")],
        message="Select whether the person knows about the referral",
    )
    other_services = text(
        "Other services involved (optional)", required=False, long=True, max_length=2_000
    )
    referrer_name = text("Your name", max_length=200)
    referrer_email = forms.EmailField(
        label="Your email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    referrer_phone = text("Your phone number (optional)", required=False, max_length=40)

    def clean_nhs_number(self) -> str:
        typed = self.cleaned_data["nhs_number"].strip()
        if typed and not is_nhs_number(typed):
            raise forms.ValidationError("Enter an NHS number of 10 digits, like 943 476 5919")
        return typed

    def identifiers(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [("nhs", data["nhs_number"]), ("pnc", data["pnc_id"].strip())]
