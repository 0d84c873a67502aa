"""casetrail: multi-agency safeguarding case management."""
