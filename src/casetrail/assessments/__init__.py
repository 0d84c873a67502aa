"""Assessments: versioned form definitions (data files), the version in force, and validation."""
