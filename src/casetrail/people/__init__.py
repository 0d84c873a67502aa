"""People: who a case is about, recognised again despite typos, nicknames and moves (F1)."""
