"""Policy settings that administrators set: the intervals the rules of casetrail measure against."""
