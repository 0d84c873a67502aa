"""Template filters shared by casetrail's pages."""

from datetime import date, timedelta

from django import template

from casetrail.people.scoring import chance_words

register = template.Library()


@register.filter
def duration_words(duration: timedelta) -> str:
    """A duration as a person says it: "30 minutes", "1 hour 15 minutes"."""
    minutes = max(1, round(duration.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


@register.filter
def day(iso: str | None) -> str:
    """An ISO date held in a case's detail, as people write it: "6 November 2026"."""
    if not iso:
        return ""
    try:
        return date.fromisoformat(iso).strftime("%-d %B %Y")
    except ValueError:
        return iso


register.filter("percent", chance_words)


@register.filter
def readable(value: object) -> str:
    """A recorded value as text to read, not as Python writes it: a list an item a line (or
    "; " between plain items), an object as "key: value" pairs, true and false as yes and no."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return "; ".join(f"{str(key).replace('_', ' ')}: {readable(item)}"
                         for key, item in value.items())  # fmt: skip
    if isinstance(value, list):
        plain = all(not isinstance(item, list | dict) for item in value)
        return ("; " if plain else "\n").join(readable(item) for item in value)
    return "" if value is None else str(value)


@register.filter
def bits(weight: float) -> str:
    """A comparison's weight of evidence, signed: "+6.2", "-3.0", "0"."""
    return "0" if abs(weight) < 0.05 else f"{weight:+.1f}"
