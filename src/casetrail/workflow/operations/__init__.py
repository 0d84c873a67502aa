"""Operations on cases, one per thing a person does; each records its events through record.py.

Keyword-only, atomic, `now` passed in. Each checks who may act, then the
transition table, then its guards, and only then records. Pages, API
handlers and commands call these and nothing else writes a case.
"""
