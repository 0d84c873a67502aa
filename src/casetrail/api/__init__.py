"""casetrail's JSON API: versioned, documented from its schema, errors as problem details."""
