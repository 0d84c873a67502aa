"""Every permission casetrail grants, declared once as a named rule.

Pages, API handlers and commands ask `user.has_perm(name, obj)`; none of them
checks a role itself. Rules are predicates from the `rules` library, so later
issues can add object-level rules (a case's caseworker, its panel) here.
"""

from __future__ import annotations

import rules

from casetrail.accounts.roles import Role


def has_role(*roles: Role) -> rules.Predicate:
    names = {role.value for role in roles}

    @rules.predicate(name=f"has_role({', '.join(sorted(names))})")
    def predicate(user) -> bool:
        # A deactivated agency's people keep their accounts but lose what they could do.
        return bool(
            user.is_authenticated
            and user.is_active
            and user.role in names
            and user.agency.is_active
        )

    return predicate


is_administrator = has_role(Role.ADMINISTRATOR)
oversees_roles = has_role(Role.SUPERVISOR, Role.AUDITOR, Role.PANEL_CHAIR, Role.ADMINISTRATOR)

# The Django admin: agencies, users and policy settings. A bare app label is
# the admin's question "may this user see the app at all".
rules.add_perm("casetrail.use_admin", is_administrator)
rules.add_perm("accounts", is_administrator)
rules.add_perm("policy", is_administrator)
for model in ("agency", "user"):
    for action in ("view", "add", "change"):
        rules.add_perm(f"accounts.{action}_{model}", is_administrator)
# Deleting would lose who did what; deactivate agencies and users instead.
rules.add_perm("accounts.delete_agency", rules.always_deny)
rules.add_perm("accounts.delete_user", rules.always_deny)
rules.add_perm("policy.view_policy", is_administrator)
rules.add_perm("policy.change_policy", is_administrator)
rules.add_perm("policy.add_policy", rules.always_deny)
rules.add_perm("policy.delete_policy", rules.always_deny)
# Assessment definitions are data files: administrators read them and choose the
# version in force; no one edits or deletes a version once loaded.
rules.add_perm("assessments", is_administrator)
rules.add_perm("assessments.view_assessmentdefinition", is_administrator)
rules.add_perm("assessments.change_assessmentdefinition", is_administrator)
rules.add_perm("assessments.add_assessmentdefinition", rules.always_deny)
rules.add_perm("assessments.delete_assessmentdefinition", rules.always_deny)

# Who holds which role in which agency (F12): for those who oversee the work.
rules.add_perm("accounts.view_directory", oversees_roles)

# Cases. Until cases record who is involved in them, access is by role: those
# who screen, chair, sit on the panel, supervise or audit. Administrators
# administer and do not read cases.
reads_cases = has_role(
    Role.CASEWORKER, Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.SUPERVISOR, Role.AUDITOR
)
rules.add_perm("workflow.view_case", reads_cases)
rules.add_perm("workflow.record_note", has_role(Role.CASEWORKER, Role.SUPERVISOR))
# Who read a case, and why: for those who answer for how it was handled.
rules.add_perm("chronology.view_access_log", has_role(Role.SUPERVISOR, Role.AUDITOR))
