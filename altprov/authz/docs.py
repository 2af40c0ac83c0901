"""The roles table in docs/roles.md is written from the declarations in permissions.py; a test
checks that the file still matches (`python manage.py roles_table` prints it)."""

from .permissions import ROLES, Permission

PERMISSION_WORDS = {
    Permission.VIEW_SCHOOL: "See the school and work in it",
    Permission.MANAGE_SCHOOLS: "Add and change schools",
    Permission.MANAGE_TERM_DATES: "Keep term dates, INSET and closure days",
    Permission.VIEW_TRUST_SETTINGS: "See the trust settings",
    Permission.MANAGE_TRUST_SETTINGS: "Change the trust settings and threshold rules",
    Permission.MANAGE_STAFF: "Add staff, give and remove roles, reset sign-in",
    Permission.CHECK_REGISTRATIONS: (
        "See the trust's providers' registration checks against GIAS and check them again"
    ),
    Permission.IMPORT_GIAS: "Import the GIAS establishment file (the register every trust uses)",
    Permission.VIEW_NATIONAL_DASHBOARD: "See the national and regional dashboards (counts only, small numbers suppressed)",
    Permission.VIEW_PUPILS: "See pupil records",
    Permission.VIEW_SEND_DETAIL: "See SEND detail",
    Permission.VIEW_SAFEGUARDING_DETAIL: "See safeguarding detail",
    Permission.MANAGE_PUPILS: "Add, change and import pupil records",
    Permission.RECORD_CHRONOLOGY: "Add entries to a pupil's chronology",
    Permission.MAKE_REFERRALS: "Make referrals, record the meeting and the agreement with parents",
    Permission.DECIDE_REFERRALS: "Decide referrals",
    Permission.CONSULT_ON_REFERRALS: "Record being consulted on a referral (section 8)",
    Permission.APPROVE_PLACEMENTS: "Give trust approval to a placement (R-7.1)",
    Permission.RECORD_PLACEMENT_REVIEWS: "Record the reviews of a placement's agreement (R-7.3)",
    Permission.RECORD_PROGRESS: "Record progress against each objective of a placement's plan (R-11.1)",
    Permission.RECORD_PASTORAL_CONTACTS: "Log contacts with a pupil on any placement of the school (R-10.4)",
    Permission.RECORD_SEND_RECORDS: "Record SEND documents shared, the provider's recommended referrals and EHCP annual reviews (R-10.8)",
    Permission.RECORD_EXAM_ARRANGEMENTS: "Record a pupil's public examination arrangements (R-10.7)",
    Permission.RECORD_SUSPENSIONS: "Record suspensions the Headteacher decides (R-10.3)",
    Permission.AGREE_UNREGISTERED_PLACEMENTS: "Agree to a placement with an unregistered provider (R-5.7)",
    Permission.VIEW_PROVIDERS: "See the provider register and each provider's status",
    Permission.MANAGE_PROVIDERS: "Add and change providers, Ofsted outcomes and letters of comfort",
    Permission.VIEW_AUDITS: "See provider audits and their evidence",
    Permission.EDIT_AUDITS: "Fill in provider audits and track their next steps",
    Permission.CONFIRM_AUDIT_SAFEGUARDING: "Confirm the safeguarding section of an audit",
    Permission.SIGN_OFF_AUDITS: "Sign off an audit",
    Permission.CONFIRM_RETENTION_DELETIONS: "See the pupils' records past their retention "
    "period and confirm their deletion (X-1)",
    Permission.VIEW_DUE_DUTIES: "See every duty overdue or due soon in the school (or across the trust)",
    Permission.VIEW_AGGREGATE_REPORTS: "See the governance reports: aggregate numbers with small "
    "numbers suppressed, and the termly report for the local academy committee (R-10.9)",
    Permission.VIEW_SCHOOL_REPORTS: "See the school's AP report and export the school census "
    "placements (R-10.9, R-7.6)",
    Permission.VIEW_TRUST_REPORTS: "See the trust's AP report: the schools side by side (R-10.9)",
    Permission.VIEW_ACCESS_LOG: "See who viewed pupil records",
    Permission.EXPORT_SUBJECT_ACCESS: "Export one pupil's whole record for a subject access "
    "request, choosing what to redact (X-1)",
    Permission.RECORD_MONITORING: "Record termly reports, visits, serious incidents and formal "
    "reviews (R-12.1 to R-12.4)",
    Permission.RECORD_AP_LEAD_DECISIONS: "Record the AP Lead's decision on a serious incident (R-12.3)",
    Permission.RECORD_HEADTEACHER_DECISIONS: "Record the Headteacher's decisions on serious "
    "incidents and on continuing a placement (R-12.3, R-12.4)",
    Permission.END_PLACEMENTS_FOR_SAFEGUARDING: "End a placement early for safeguarding concerns (R-12.5)",
    Permission.VIEW_ATTENDANCE: "See pupils' attendance at their providers, absences and follow-ups",
    Permission.ENTER_ATTENDANCE: "Enter and import attendance marks; record absences, follow-ups, contacts with parents, interventions and the weekly update",
    Permission.VIEW_BUDGETS: "See the school's AP budget, what its placements have spent and committed, and what remains (R-10.10)",
    Permission.PROPOSE_BUDGETS: "Propose the school's AP budget for a financial year, or a change to it",
    Permission.APPROVE_BUDGETS: "Approve or return a school's proposed AP budget for the trust",
    Permission.RECORD_REINTEGRATION: "Record the reintegration meeting, plan, final report and "
    "pupil's views, end a placement, and record continued support, the outcome and the pupil's "
    "questionnaire (R-13.1 to R-13.3, R-6.5)",
    Permission.MANAGE_PUPIL_VIEW_QUESTIONS: "Set the trust's questions asking pupils about their "
    "placement (R-6.5)",
    Permission.MANAGE_API_CLIENTS: "Create and revoke the tokens other systems use to reach the "
    "API, for the trust or one school (issue 9)",
    Permission.MANAGE_PROVIDER_USERS: "Invite a provider's staff to the provider portal and "
    "switch their access off (X-5; the AP Lead only for a provider the school uses)",
}


def roles_table() -> str:
    lines = [
        "| Role | Where | Purpose | Can |",
        "| --- | --- | --- | --- |",
    ]
    for definition in ROLES.values():
        can = "; ".join(PERMISSION_WORDS[p] for p in Permission if p in definition.permissions)
        where = {"school": "a school", "trust": "the whole trust", "service": "the whole service"}[
            definition.scope.value
        ]
        lines.append(f"| {definition.label} | {where} | {definition.summary} | {can} |")
    return "\n".join(lines) + "\n"
