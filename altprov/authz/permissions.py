"""Who may do what: permissions and the roles that grant them (the checks every view uses are in
`altprov.authz.checks`).

R-10.1 (roles), R-10.2 (scoped visibility and safeguarding detail), X-5 (isolation).

A school role grants its permissions in that school. A trust role grants its permissions for the
trust and in every school of the trust. Nothing grants anything in another trust. A service role
belongs to no trust and no school: it grants only service-wide jobs (importing the national GIAS
register) and nothing in any trust or school. The table in
docs/roles.md is written from ROLE_PERMISSIONS; a test checks they agree.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Permission(enum.StrEnum):
    # Schools and trust set-up
    VIEW_SCHOOL = "view_school"
    MANAGE_SCHOOLS = "manage_schools"
    MANAGE_TERM_DATES = "manage_term_dates"
    VIEW_TRUST_SETTINGS = "view_trust_settings"
    MANAGE_TRUST_SETTINGS = "manage_trust_settings"
    MANAGE_STAFF = "manage_staff"
    CHECK_REGISTRATIONS = "check_registrations"
    # The service as a whole (held through a service role, outside every trust)
    IMPORT_GIAS = "import_gias"
    VIEW_NATIONAL_DASHBOARD = "view_national_dashboard"
    # Pupils: three levels of sensitivity
    VIEW_PUPILS = "view_pupils"
    VIEW_SEND_DETAIL = "view_send_detail"
    VIEW_SAFEGUARDING_DETAIL = "view_safeguarding_detail"
    MANAGE_PUPILS = "manage_pupils"
    RECORD_CHRONOLOGY = "record_chronology"
    # Retention: the DSL confirms the deletion of records past their retention period
    CONFIRM_RETENTION_DELETIONS = "confirm_retention_deletions"
    # Referral and agreement
    MAKE_REFERRALS = "make_referrals"
    DECIDE_REFERRALS = "decide_referrals"
    CONSULT_ON_REFERRALS = "consult_on_referrals"
    AGREE_UNREGISTERED_PLACEMENTS = "agree_unregistered_placements"
    APPROVE_PLACEMENTS = "approve_placements"
    RECORD_PLACEMENT_REVIEWS = "record_placement_reviews"
    # Records kept on the placement while the pupil attends
    RECORD_PROGRESS = "record_progress"
    RECORD_PASTORAL_CONTACTS = "record_pastoral_contacts"
    RECORD_SEND_RECORDS = "record_send_records"
    RECORD_EXAM_ARRANGEMENTS = "record_exam_arrangements"
    # Suspensions: the Headteacher decides; the AP Lead may record the decision
    RECORD_SUSPENSIONS = "record_suspensions"
    # Providers and their quality assurance
    VIEW_PROVIDERS = "view_providers"
    MANAGE_PROVIDERS = "manage_providers"
    VIEW_AUDITS = "view_audits"
    EDIT_AUDITS = "edit_audits"
    CONFIRM_AUDIT_SAFEGUARDING = "confirm_audit_safeguarding"
    SIGN_OFF_AUDITS = "sign_off_audits"
    # Oversight
    VIEW_DUE_DUTIES = "view_due_duties"
    VIEW_AGGREGATE_REPORTS = "view_aggregate_reports"
    VIEW_SCHOOL_REPORTS = "view_school_reports"
    VIEW_TRUST_REPORTS = "view_trust_reports"
    VIEW_ACCESS_LOG = "view_access_log"
    # Subject access requests (X-1, issue 11): one pupil's whole record as a ZIP, with redaction
    EXPORT_SUBJECT_ACCESS = "export_subject_access"
    # Monitoring an attending placement
    RECORD_MONITORING = "record_monitoring"
    RECORD_AP_LEAD_DECISIONS = "record_ap_lead_decisions"
    RECORD_HEADTEACHER_DECISIONS = "record_headteacher_decisions"
    END_PLACEMENTS_FOR_SAFEGUARDING = "end_placements_for_safeguarding"
    # Attendance and absences
    VIEW_ATTENDANCE = "view_attendance"
    ENTER_ATTENDANCE = "enter_attendance"
    # AP budgets: proposed by the Headteacher, approved by the trust
    VIEW_BUDGETS = "view_budgets"
    PROPOSE_BUDGETS = "propose_budgets"
    APPROVE_BUDGETS = "approve_budgets"
    # Reintegration, endings and outcomes
    RECORD_REINTEGRATION = "record_reintegration"
    MANAGE_PUPIL_VIEW_QUESTIONS = "manage_pupil_view_questions"
    # Tokens for other systems to use the API (issue 9): created and revoked by the trust
    MANAGE_API_CLIENTS = "manage_api_clients"
    # The provider portal (issue 9, X-5): invite a provider's staff and switch their access off
    MANAGE_PROVIDER_USERS = "manage_provider_users"


class Scope(enum.StrEnum):
    SCHOOL = "school"
    TRUST = "trust"
    SERVICE = "service"  # the whole service: no trust, no school


class Role(enum.StrEnum):
    # School roles
    HEADTEACHER = "headteacher"
    AP_LEAD = "ap_lead"
    DSL = "dsl"
    ATTENDANCE_LEAD = "attendance_lead"
    ASSESSMENT_LEAD = "assessment_lead"
    SENDCO = "sendco"
    STAFF_MEMBER = "staff_member"
    LAC_MEMBER = "lac_member"
    # Trust roles
    TRUST_EXECUTIVE = "trust_executive"
    SCHOOL_IMPROVEMENT = "school_improvement"
    TRUST_SAFEGUARDING_LEAD = "trust_safeguarding_lead"
    TRUSTEE = "trustee"
    TRUST_ADMINISTRATOR = "trust_administrator"
    # Service roles: outside every trust
    SERVICE_ADMINISTRATOR = "service_administrator"
    SERVICE_OVERSIGHT = "service_oversight"


@dataclass(frozen=True)
class RoleDefinition:
    label: str
    scope: Scope
    summary: str
    permissions: frozenset[Permission]


P = Permission
_SCHOOL_PUPIL_ROLE = frozenset(
    {P.VIEW_SCHOOL, P.VIEW_PUPILS, P.VIEW_TRUST_SETTINGS, P.VIEW_PROVIDERS, P.VIEW_ATTENDANCE}
)
# The Headteacher, AP Lead and DSL quality-assure providers together (policy 5, 10.3-10.5).
_PROVIDER_QA = frozenset({P.MANAGE_PROVIDERS, P.VIEW_AUDITS, P.EDIT_AUDITS})
# Those who keep pupil records and the chronology of support.
_PUPIL_RECORDS = frozenset({P.MANAGE_PUPILS, P.RECORD_CHRONOLOGY})

ROLES: dict[Role, RoleDefinition] = {
    Role.HEADTEACHER: RoleDefinition(
        "Headteacher",
        Scope.SCHOOL,
        "Overall responsibility for the school's use of AP (policy 10.3)",
        _SCHOOL_PUPIL_ROLE
        | _PROVIDER_QA
        | _PUPIL_RECORDS
        | {
            P.VIEW_SEND_DETAIL,
            P.VIEW_SAFEGUARDING_DETAIL,
            P.VIEW_AGGREGATE_REPORTS,
            P.VIEW_SCHOOL_REPORTS,
            P.VIEW_ACCESS_LOG,
            P.EXPORT_SUBJECT_ACCESS,
            P.SIGN_OFF_AUDITS,
            P.MAKE_REFERRALS,
            P.DECIDE_REFERRALS,
            P.RECORD_PLACEMENT_REVIEWS,
            P.VIEW_DUE_DUTIES,
            P.RECORD_MONITORING,
            P.RECORD_HEADTEACHER_DECISIONS,
            P.RECORD_SUSPENSIONS,
            P.VIEW_BUDGETS,
            P.PROPOSE_BUDGETS,
            P.RECORD_REINTEGRATION,
        },
    ),
    Role.AP_LEAD: RoleDefinition(
        "AP Lead",
        Scope.SCHOOL,
        "Leads on AP for the school: referrals, placements, monitoring (policy 10.4)",
        _SCHOOL_PUPIL_ROLE
        | _PROVIDER_QA
        | _PUPIL_RECORDS
        | {
            P.VIEW_SEND_DETAIL,
            P.VIEW_SAFEGUARDING_DETAIL,
            P.VIEW_AGGREGATE_REPORTS,
            P.VIEW_SCHOOL_REPORTS,
            P.MAKE_REFERRALS,
            P.RECORD_PLACEMENT_REVIEWS,
            P.VIEW_DUE_DUTIES,
            P.RECORD_MONITORING,
            P.RECORD_AP_LEAD_DECISIONS,
            P.END_PLACEMENTS_FOR_SAFEGUARDING,
            P.RECORD_PROGRESS,
            P.RECORD_PASTORAL_CONTACTS,
            P.RECORD_SUSPENSIONS,
            P.ENTER_ATTENDANCE,
            P.VIEW_BUDGETS,
            P.RECORD_REINTEGRATION,
            P.MANAGE_PROVIDER_USERS,
        },
    ),
    Role.DSL: RoleDefinition(
        "Designated Safeguarding Lead (DSL)",
        Scope.SCHOOL,
        "Safeguarding of pupils in AP and quality assurance of providers (policy 10.5)",
        _SCHOOL_PUPIL_ROLE
        | _PROVIDER_QA
        | _PUPIL_RECORDS
        | {
            P.VIEW_SEND_DETAIL,
            P.VIEW_SAFEGUARDING_DETAIL,
            P.VIEW_ACCESS_LOG,
            P.EXPORT_SUBJECT_ACCESS,
            P.CONFIRM_AUDIT_SAFEGUARDING,
            P.CONSULT_ON_REFERRALS,
            P.END_PLACEMENTS_FOR_SAFEGUARDING,
            P.CONFIRM_RETENTION_DELETIONS,
        },
    ),
    Role.ATTENDANCE_LEAD: RoleDefinition(
        "Attendance Lead",
        Scope.SCHOOL,
        "Attendance of pupils in AP, weekly updates, absence follow-up (policy 10.6)",
        _SCHOOL_PUPIL_ROLE | {P.RECORD_CHRONOLOGY, P.ENTER_ATTENDANCE},
    ),
    Role.ASSESSMENT_LEAD: RoleDefinition(
        "Assessment Lead",
        Scope.SCHOOL,
        "Public examinations and progress tracking (policy 10.7)",
        _SCHOOL_PUPIL_ROLE | {P.RECORD_CHRONOLOGY, P.RECORD_EXAM_ARRANGEMENTS},
    ),
    Role.SENDCO: RoleDefinition(
        "SENDCo",
        Scope.SCHOOL,
        "SEND records, the LA caseworker and EHCP reviews (policy 10.8)",
        _SCHOOL_PUPIL_ROLE
        | _PUPIL_RECORDS
        | {P.VIEW_SEND_DETAIL, P.CONSULT_ON_REFERRALS, P.RECORD_SEND_RECORDS},
    ),
    Role.STAFF_MEMBER: RoleDefinition(
        "Staff member",
        Scope.SCHOOL,
        "A member of staff who may be a pupil's pastoral contact; sees no pupil list",
        frozenset({P.VIEW_SCHOOL}),
    ),
    Role.LAC_MEMBER: RoleDefinition(
        "Local academy committee member",
        Scope.SCHOOL,
        "Governs one school: sees its aggregate AP reports and termly report, never a pupil "
        "(R-10.9)",
        frozenset({P.VIEW_SCHOOL, P.VIEW_AGGREGATE_REPORTS}),
    ),
    Role.TRUST_EXECUTIVE: RoleDefinition(
        "Trust Executive",
        Scope.TRUST,
        "Challenge and support to every school; holds Headteachers to account (policy 10.2)",
        frozenset(
            {
                P.VIEW_SCHOOL,
                P.VIEW_PUPILS,
                P.VIEW_ATTENDANCE,
                P.VIEW_TRUST_SETTINGS,
                P.VIEW_AGGREGATE_REPORTS,
                P.VIEW_SCHOOL_REPORTS,
                P.VIEW_TRUST_REPORTS,
                P.VIEW_PROVIDERS,
                P.VIEW_AUDITS,
                P.APPROVE_PLACEMENTS,
                P.VIEW_DUE_DUTIES,
                P.VIEW_BUDGETS,
                P.APPROVE_BUDGETS,
                P.MANAGE_PUPIL_VIEW_QUESTIONS,
            }
        ),
    ),
    Role.SCHOOL_IMPROVEMENT: RoleDefinition(
        "School Improvement Team",
        Scope.TRUST,
        "Audits of unregistered providers and agreement to their use (policy 5)",
        frozenset(
            {
                P.VIEW_SCHOOL,
                P.VIEW_PUPILS,
                P.VIEW_ATTENDANCE,
                P.VIEW_TRUST_SETTINGS,
                P.VIEW_AGGREGATE_REPORTS,
                P.VIEW_SCHOOL_REPORTS,
                P.VIEW_TRUST_REPORTS,
                P.VIEW_PROVIDERS,
                P.AGREE_UNREGISTERED_PLACEMENTS,
                P.APPROVE_PLACEMENTS,
                P.VIEW_DUE_DUTIES,
                P.VIEW_BUDGETS,
            }
        )
        | _PROVIDER_QA,
    ),
    Role.TRUST_SAFEGUARDING_LEAD: RoleDefinition(
        "Trust safeguarding lead",
        Scope.TRUST,
        "Safeguarding oversight across the trust's schools",
        frozenset(
            {
                P.VIEW_SCHOOL,
                P.VIEW_PUPILS,
                P.VIEW_ATTENDANCE,
                P.VIEW_SEND_DETAIL,
                P.VIEW_SAFEGUARDING_DETAIL,
                P.VIEW_TRUST_SETTINGS,
                P.VIEW_AGGREGATE_REPORTS,
                P.VIEW_SCHOOL_REPORTS,
                P.VIEW_TRUST_REPORTS,
                P.VIEW_ACCESS_LOG,
                P.VIEW_PROVIDERS,
                P.VIEW_AUDITS,
                P.VIEW_DUE_DUTIES,
            }
        ),
    ),
    Role.TRUSTEE: RoleDefinition(
        "Trustee",
        Scope.TRUST,
        "Monitors the policy through aggregate reports only, never pupil data (policy 10.1)",
        frozenset({P.VIEW_SCHOOL, P.VIEW_AGGREGATE_REPORTS}),
    ),
    Role.TRUST_ADMINISTRATOR: RoleDefinition(
        "Trust administrator",
        Scope.TRUST,
        "Sets up schools, term dates, trust settings, staff and roles; sees no pupil data",
        frozenset(
            {
                P.VIEW_SCHOOL,
                P.MANAGE_SCHOOLS,
                P.MANAGE_TERM_DATES,
                P.VIEW_TRUST_SETTINGS,
                P.MANAGE_TRUST_SETTINGS,
                P.MANAGE_STAFF,
                P.CHECK_REGISTRATIONS,
                P.VIEW_ACCESS_LOG,
                P.VIEW_PROVIDERS,
                P.MANAGE_PROVIDERS,
                P.MANAGE_PUPIL_VIEW_QUESTIONS,
                P.MANAGE_API_CLIENTS,
                P.MANAGE_PROVIDER_USERS,
            }
        ),
    ),
    # the GIAS register is national data shared by every trust, so replacing it is a job
    # for someone outside every trust. Granted only by `manage.py grant_service_admin`.
    Role.SERVICE_ADMINISTRATOR: RoleDefinition(
        "Service administrator",
        Scope.SERVICE,
        "Runs the service for every trust: imports the national GIAS register; "
        "belongs to no trust and sees no trust's data",
        frozenset({P.IMPORT_GIAS}),
    ),
    # Issue 10, P7: the national and regional dashboards (counts per region and trust from the
    # summaries, small numbers suppressed, never a pupil). Granted only by
    # `manage.py grant_service_oversight`.
    Role.SERVICE_OVERSIGHT: RoleDefinition(
        "Service oversight",
        Scope.SERVICE,
        "Sees the national and regional dashboards: counts per region and per trust, small "
        "numbers suppressed, never a pupil; belongs to no trust and sees no trust's records",
        frozenset({P.VIEW_NATIONAL_DASHBOARD}),
    ),
}

SCHOOL_ROLES = [r for r, d in ROLES.items() if d.scope is Scope.SCHOOL]
TRUST_ROLES = [r for r, d in ROLES.items() if d.scope is Scope.TRUST]
SERVICE_ROLES = [r for r, d in ROLES.items() if d.scope is Scope.SERVICE]


def role_label(role: str) -> str:
    return ROLES[Role(role)].label
