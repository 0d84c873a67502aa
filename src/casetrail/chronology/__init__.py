"""The case chronology: append-only, hash-chained, bi-temporal events; verification; access log."""
