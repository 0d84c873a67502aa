"""Agencies, the people who use casetrail, their roles, and what each role may do."""
