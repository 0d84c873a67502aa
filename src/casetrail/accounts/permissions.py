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
# API tokens are made and revoked by their holders, on their own page or by an
# operator; administrators see them in the admin, and no one edits or deletes one.
rules.add_perm("accounts.view_apitoken", is_administrator)
for action in ("add", "change", "delete"):
    rules.add_perm(f"accounts.{action}_apitoken", rules.always_deny)
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

# Cases. Those who screen, chair, sit on the panel, supervise or audit read
# every case; an intervention provider reads the cases its agency provides
# for; administrators administer and do not read cases.
reads_cases = has_role(
    Role.CASEWORKER, Role.PANEL_CHAIR, Role.PANEL_MEMBER, Role.SUPERVISOR, Role.AUDITOR
)
is_provider = has_role(Role.INTERVENTION_PROVIDER)


@rules.predicate
def provides_for_case(user, case) -> bool:
    # Without a case, the question is whether the user has any caseload at all.
    return case is None or f"|a{user.agency_id}|" in case.involved


@rules.predicate
def referred_case(user, case) -> bool:
    return case is not None and case.referrer_id == user.pk


rules.add_perm("workflow.view_case", reads_cases | (is_provider & provides_for_case))
rules.add_perm(
    "workflow.receive_referral",
    has_role(
        Role.REFERRER,
        Role.CASEWORKER,
        Role.PANEL_CHAIR,
        Role.PANEL_MEMBER,
        Role.INTERVENTION_PROVIDER,
        Role.SUPERVISOR,
    ),
)
# A referrer follows their own referrals and answers what is asked of them (F8).
rules.add_perm("workflow.view_own_referrals", has_role(Role.REFERRER))
case_managers = has_role(Role.CASEWORKER, Role.SUPERVISOR)
rules.add_perm("workflow.screen", case_managers)
rules.add_perm("workflow.manage_support", case_managers)
rules.add_perm("workflow.consult", case_managers | has_role(Role.PANEL_CHAIR))
rules.add_perm(
    "workflow.answer_consultation",
    case_managers
    | has_role(Role.PANEL_CHAIR, Role.PANEL_MEMBER)
    | (has_role(Role.REFERRER) & referred_case),
)
rules.add_perm("workflow.chair_panel", has_role(Role.PANEL_CHAIR))
rules.add_perm("workflow.record_session", case_managers | (is_provider & provides_for_case))
# Going ahead although a guard is unmet is a senior decision, always with a rationale.
rules.add_perm("workflow.override_guard", has_role(Role.SUPERVISOR))
rules.add_perm("workflow.record_note", case_managers)
rules.add_perm("workflow.view_dashboard", has_role(Role.SUPERVISOR, Role.PANEL_CHAIR, Role.AUDITOR))
# Who read a case, and why: for those who answer for how it was handled.
rules.add_perm("chronology.view_access_log", has_role(Role.SUPERVISOR, Role.AUDITOR))

# People (F1): those who screen see who a new person may already be, decide it,
# and settle the pairs an import could not; auditors read those decisions.
rules.add_perm("people.match", case_managers)
rules.add_perm("people.review_pairs", case_managers)
# What matching found and what was decided, as the chronology tells it: to those who screen
# and those who audit them; not to referrers, providers or the panel, who read a case for
# their own part of it.
rules.add_perm("people.view_matches", case_managers | has_role(Role.AUDITOR))
