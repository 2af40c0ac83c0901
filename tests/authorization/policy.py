"""The authorization policy, as data: for every URL of the service, who may use it.

The matrix test (test_matrix.py) walks every URL pattern, and for every role requests it with
objects in the user's own scope (school A1 / trust A), another school of the same trust (A2) and
another trust (B1), and compares the answer with this table. A URL missing from the table fails
the test, so a new page cannot ship without a line here.

`allowed` is the set of roles that may use the URL in their own scope. A trust role that is
allowed reaches every school of its trust; a school role reaches only its school; nobody reaches
another trust. A service role (the service administrator) belongs to no trust: it reaches only
the service's own pages, which name no object, so only its own scope is tried. Refusals are always 404 "not found" (R-10.2, X-5).
"""

from collections.abc import Callable
from dataclasses import dataclass

from altprov.authz.permissions import ROLES, Role, Scope

from . import policy_kwargs as kw
from .policy_kwargs import OTHER_SCHOOL, OTHER_TRUST, OWN

ALL = frozenset(Role)
SERVICE_ADMIN = frozenset({Role.SERVICE_ADMINISTRATOR})
SERVICE_OVERSIGHT = frozenset({Role.SERVICE_OVERSIGHT})
SERVICE_ROLES = frozenset(r for r, d in ROLES.items() if d.scope is Scope.SERVICE)
# Everyone with a role in a school or trust (a service role has no school to work in).
STAFF = ALL - SERVICE_ROLES
SCHOOL_PUPIL_ROLES = frozenset(
    {
        Role.HEADTEACHER,
        Role.AP_LEAD,
        Role.DSL,
        Role.ATTENDANCE_LEAD,
        Role.ASSESSMENT_LEAD,
        Role.SENDCO,
    }
)
TRUST_PUPIL_ROLES = frozenset(
    {Role.TRUST_EXECUTIVE, Role.SCHOOL_IMPROVEMENT, Role.TRUST_SAFEGUARDING_LEAD}
)
PUPIL_ROLES = SCHOOL_PUPIL_ROLES | TRUST_PUPIL_ROLES
TRUST_ADMIN = frozenset({Role.TRUST_ADMINISTRATOR})
SETTINGS_READERS = (SCHOOL_PUPIL_ROLES | TRUST_PUPIL_ROLES | TRUST_ADMIN) - {Role.TRUSTEE}
ACCESS_LOG_READERS = frozenset(
    {Role.HEADTEACHER, Role.DSL, Role.TRUST_SAFEGUARDING_LEAD, Role.TRUST_ADMINISTRATOR}
)

SAR_EXPORTERS = frozenset({Role.HEADTEACHER, Role.DSL})

PROVIDER_READERS = SCHOOL_PUPIL_ROLES | TRUST_PUPIL_ROLES | TRUST_ADMIN
PROVIDER_MANAGERS = frozenset(
    {Role.HEADTEACHER, Role.AP_LEAD, Role.DSL, Role.SCHOOL_IMPROVEMENT, Role.TRUST_ADMINISTRATOR}
)
AUDIT_READERS = frozenset(
    {
        Role.HEADTEACHER,
        Role.AP_LEAD,
        Role.DSL,
        Role.TRUST_EXECUTIVE,
        Role.SCHOOL_IMPROVEMENT,
        Role.TRUST_SAFEGUARDING_LEAD,
    }
)
CHRONOLOGY_RECORDERS = SCHOOL_PUPIL_ROLES
REFERRERS = frozenset({Role.HEADTEACHER, Role.AP_LEAD})
AUDIT_EDITORS = frozenset({Role.HEADTEACHER, Role.AP_LEAD, Role.DSL, Role.SCHOOL_IMPROVEMENT})

SEND_READERS = frozenset(
    {Role.HEADTEACHER, Role.AP_LEAD, Role.DSL, Role.SENDCO, Role.TRUST_SAFEGUARDING_LEAD}
)
SENDCO = frozenset({Role.SENDCO})

TRUST_DUE_DUTY_READERS = frozenset(
    {Role.TRUST_EXECUTIVE, Role.SCHOOL_IMPROVEMENT, Role.TRUST_SAFEGUARDING_LEAD}
)
DUE_DUTY_READERS = REFERRERS | TRUST_DUE_DUTY_READERS
ATTENDANCE_ENTERERS = frozenset({Role.ATTENDANCE_LEAD, Role.AP_LEAD})
SCHOOL_REPORT_READERS = REFERRERS | TRUST_PUPIL_ROLES
GOVERNANCE_READERS = SCHOOL_REPORT_READERS | {Role.TRUSTEE, Role.LAC_MEMBER}

PROVIDER_USER_MANAGERS = frozenset({Role.TRUST_ADMINISTRATOR, Role.AP_LEAD})


# The API itself (issue 9) answers bearer tokens, not signed-in people, so these URLs are left
# out of the page walks (this matrix and tests/audit/test_every_page_logs.py): tests/api/
# has their own token matrix (test_scope.py: school, trust, other school, other trust),
# their token checks (test_tokens.py), their access log (test_access_log.py) and a
# schemathesis run with canaries (test_schemathesis.py). The schema and its documentation page
# are public (they hold no data).
TOKEN_TESTED = frozenset(
    {
        "api:schema",
        "api:docs",
        "api:placements",
        "api:placement",
        "api:marks",
        "api:providers",
        "api:census",
    }
)
SHARED_BY_TRUST = (OWN, OTHER_TRUST)  # providers belong to a trust, not a school


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[Role]
    # scope -> URL kwargs, built from the world; None for URLs without an object.
    kwargs: Callable | None = None
    method: str = "GET"
    data: Callable | None = None  # scope -> POST data
    ok_status: int | None = None  # default: 200 for GET, 302 for POST
    # Scopes to try: all three for a URL that names an object (or posts one); own for the rest.
    only_scopes: tuple[str, ...] | None = None

    @property
    def scopes(self) -> tuple[str, ...]:
        if self.only_scopes is not None:
            return self.only_scopes
        if self.kwargs is None and self.data is None:
            return (OWN,)
        return (OWN, OTHER_SCHOOL, OTHER_TRUST)

    def expected_ok(self) -> int:
        if self.ok_status is not None:
            return self.ok_status
        return 200 if self.method == "GET" else 302

    def allows(self, role: Role, scope: str) -> bool:
        if role not in self.allowed:
            return False
        if scope == OWN:
            return True
        if scope == OTHER_SCHOOL:
            return ROLES[role].scope is Scope.TRUST
        return False


# Pupil records: those who keep them; trust roles do not hold MANAGE_PUPILS.
PUPIL_MANAGERS = frozenset({Role.HEADTEACHER, Role.AP_LEAD, Role.DSL, Role.SENDCO})

QUESTION_SETTERS = frozenset({Role.TRUST_ADMINISTRATOR, Role.TRUST_EXECUTIVE})

POLICY: dict[str, Rule] = {
    # Pages everyone signed in has
    "core:home": Rule(ALL),
    "core:accessibility": Rule(ALL),
    "core:switch_school": Rule(STAFF, method="POST", data=kw.switch_data),
    "accounts:account": Rule(ALL),
    "invitations:list": Rule(ALL),
    "accounts:recovery_codes_new": Rule(ALL, method="POST"),
    "accounts:sign_out": Rule(ALL, method="POST"),
    "accounts:sign_out_everywhere": Rule(ALL, method="POST"),
    # Sign-in pages: a user who has finished signing in is sent on (302), whoever they are.
    "accounts:sign_in": Rule(ALL, ok_status=302),
    "accounts:second_factor": Rule(ALL, ok_status=302),
    "accounts:enrol": Rule(ALL, ok_status=302),
    "accounts:recovery_codes": Rule(ALL, ok_status=302),
    # The step-up page sends on a session that entered a code lately, as every signed-in
    # client of these tests has (tests/accounts/test_step_up.py asks for it after 15 minutes).
    "accounts:step_up": Rule(ALL, ok_status=302),
    # A set-up link with a made-up token is not found for anyone.
    "accounts:set_up": Rule(
        frozenset(),
        kwargs=lambda w, s: {"uidb64": "MQ", "token": "not-a-token"},
        only_scopes=(OWN,),
    ),
    # Passkeys (X-5, issue 11 item 5): each person's own. Someone else's passkey is not found.
    "accounts:passkey_add": Rule(ALL),
    # Without a name chosen on the first page: back to it.
    "accounts:passkey_create": Rule(ALL, ok_status=302),
    "accounts:passkey_remove": Rule(
        frozenset(),
        kwargs=lambda w, s: {"passkey_id": kw.someone_elses_passkey().pk},
        only_scopes=(OWN,),
    ),
    # The ceremonies' JSON endpoints: a challenge for anyone signed in; completing a ceremony
    # that was never begun is refused (400) for anyone.
    "accounts:passkey_register_begin": Rule(ALL, method="POST", ok_status=200),
    "accounts:passkey_register_complete": Rule(ALL, method="POST", ok_status=400),
    "accounts:passkey_sign_in_begin": Rule(ALL, method="POST", ok_status=200),
    "accounts:passkey_sign_in_complete": Rule(ALL, method="POST", ok_status=400),
    # Trust administration
    "organisations:school_list": Rule(TRUST_ADMIN),
    "organisations:school_add": Rule(TRUST_ADMIN),
    "organisations:school_detail": Rule(TRUST_ADMIN, kwargs=kw.school_kw),
    "organisations:school_edit": Rule(TRUST_ADMIN, kwargs=kw.school_kw),
    "organisations:settings": Rule(SETTINGS_READERS),
    "organisations:settings_edit": Rule(TRUST_ADMIN),
    "organisations:threshold_rule_edit": Rule(
        TRUST_ADMIN, kwargs=kw.rule_kw, only_scopes=(OWN, OTHER_TRUST)
    ),
    "termdates:term_dates": Rule(TRUST_ADMIN, kwargs=kw.school_kw),
    "termdates:year_add": Rule(TRUST_ADMIN, kwargs=kw.school_kw),
    "termdates:term_add": Rule(TRUST_ADMIN, kwargs=kw.year_kw),
    "termdates:term_edit": Rule(TRUST_ADMIN, kwargs=kw.term_kw),
    "termdates:closure_add": Rule(TRUST_ADMIN, kwargs=kw.school_kw),
    "termdates:closure_delete": Rule(TRUST_ADMIN, kwargs=kw.closure_kw),
    "staff:list": Rule(TRUST_ADMIN),
    "staff:add": Rule(TRUST_ADMIN),
    "staff:detail": Rule(TRUST_ADMIN, kwargs=kw.staff_kw),
    "staff:role_add": Rule(TRUST_ADMIN, kwargs=kw.staff_kw),
    "staff:role_remove": Rule(TRUST_ADMIN, kwargs=kw.staff_role_kw),
    "staff:set_up_link": Rule(TRUST_ADMIN, kwargs=kw.staff_kw, method="POST"),
    "staff:sign_in_reset": Rule(TRUST_ADMIN, kwargs=kw.staff_kw),
    "staff:invitation_withdraw": Rule(
        TRUST_ADMIN, kwargs=kw.invitation_kw, method="POST", only_scopes=(OWN, OTHER_TRUST)
    ),
    # API tokens (issue 9): the trust administrator's pages; another trust's token is not found
    "api_clients:list": Rule(TRUST_ADMIN),
    "api_clients:add": Rule(TRUST_ADMIN),
    "api_clients:detail": Rule(TRUST_ADMIN, kwargs=kw.api_client_kw, only_scopes=SHARED_BY_TRUST),
    "api_clients:revoke": Rule(TRUST_ADMIN, kwargs=kw.api_client_kw, only_scopes=SHARED_BY_TRUST),
    # Pupils: school pupil roles in their school, trust pupil roles across the trust.
    "pupils:list": Rule(PUPIL_ROLES),
    "pupils:detail": Rule(PUPIL_ROLES, kwargs=kw.pupil_kw),
    # Pupil records and their import (R-6.1) -- lines for the pupils app's new URLs go here
    "pupils:add": Rule(PUPIL_MANAGERS),
    "pupils:import": Rule(PUPIL_MANAGERS),
    "pupils:edit": Rule(PUPIL_MANAGERS, kwargs=kw.pupil_kw),
    "pupils:edit_send": Rule(PUPIL_MANAGERS, kwargs=kw.pupil_kw),
    "pupils:edit_safeguarding": Rule(PUPIL_MANAGERS - {Role.SENDCO}, kwargs=kw.pupil_kw),
    "pupils:carer_add": Rule(PUPIL_MANAGERS, kwargs=kw.pupil_kw),
    "pupils:carer_edit": Rule(PUPIL_MANAGERS, kwargs=kw.carer_kw),
    "pupils:carer_remove": Rule(PUPIL_MANAGERS, kwargs=kw.carer_kw),
    # Subject access requests: the DSL and the Headteacher of the pupil's school. The check
    # page and the download send someone who has not chosen what to redact to the first step.
    "sar:redaction": Rule(SAR_EXPORTERS, kwargs=kw.pupil_kw),
    "sar:check": Rule(SAR_EXPORTERS, kwargs=kw.pupil_kw, ok_status=302),
    "sar:download": Rule(SAR_EXPORTERS, kwargs=kw.pupil_kw, method="POST"),
    # The chronology
    "chronology:timeline": Rule(PUPIL_ROLES, kwargs=kw.pupil_kw),
    "chronology:add_choose": Rule(CHRONOLOGY_RECORDERS, kwargs=kw.pupil_kw),
    "chronology:add": Rule(
        CHRONOLOGY_RECORDERS, kwargs=lambda w, s: {**kw.pupil_kw(w, s), "kind": "note"}
    ),
    "chronology:correct": Rule(CHRONOLOGY_RECORDERS, kwargs=kw.chronology_entry_kw),
    # Referrals: the school's, and trust roles that see pupils
    "referrals:list": Rule(PUPIL_ROLES),
    "referrals:start": Rule(REFERRERS, kwargs=kw.pupil_kw),
    "referrals:overview": Rule(PUPIL_ROLES, kwargs=kw.referral_kw),
    "referrals:reasons": Rule(REFERRERS, kwargs=kw.referral_kw),
    "referrals:consult": Rule(frozenset({Role.DSL, Role.SENDCO}), kwargs=kw.referral_kw),
    "referrals:submit": Rule(REFERRERS, kwargs=kw.referral_kw, method="POST"),
    # The scene's referrals are decided: the decision page sends the Headteacher back (302).
    "referrals:decide": Rule(frozenset({Role.HEADTEACHER}), kwargs=kw.referral_kw, ok_status=302),
    "referrals:meeting": Rule(REFERRERS, kwargs=kw.referral_kw),
    "referrals:agreement": Rule(REFERRERS, kwargs=kw.referral_kw),
    # Placements
    "placements:list": Rule(PUPIL_ROLES),
    "placements:add": Rule(REFERRERS, kwargs=kw.agreed_referral_kw),
    "placements:detail": Rule(PUPIL_ROLES, kwargs=kw.placement_kw),
    "placements:sit_agree": Rule(
        frozenset({Role.SCHOOL_IMPROVEMENT}), kwargs=kw.placement_kw, method="POST"
    ),
    "placements:pastoral": Rule(REFERRERS, kwargs=kw.placement_kw),
    "placements:plan": Rule(REFERRERS, kwargs=kw.placement_kw),
    "placements:objective_add": Rule(REFERRERS, kwargs=kw.placement_kw),
    "placements:notice": Rule(REFERRERS, kwargs=kw.placement_kw),
    "placements:notice_pdf": Rule(REFERRERS, kwargs=kw.placement_kw),
    "placements:notice_letter": Rule(REFERRERS, kwargs=kw.placement_kw),
    # The scene's placement is not ready: the refusal is its page saying what is still needed.
    "placements:start": Rule(REFERRERS, kwargs=kw.placement_kw, method="POST", ok_status=200),
    "placements:information_add": Rule(
        frozenset({Role.HEADTEACHER, Role.AP_LEAD, Role.DSL, Role.SENDCO}), kwargs=kw.placement_kw
    ),
    "placements:caseworker": Rule(
        frozenset({Role.HEADTEACHER, Role.AP_LEAD, Role.DSL, Role.SENDCO}), kwargs=kw.placement_kw
    ),
    "placements:trust_approve": Rule(
        frozenset({Role.TRUST_EXECUTIVE, Role.SCHOOL_IMPROVEMENT}),
        kwargs=kw.placement_kw,
        method="POST",
    ),
    # Agreement reviews of an attending placement
    "reviews:add": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    # Monitoring an attending placement
    "monitoring:report_add": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "monitoring:visit_add": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "monitoring:incident_add": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "monitoring:incident_ap_lead": Rule(frozenset({Role.AP_LEAD}), kwargs=kw.incident_kw),
    "monitoring:incident_headteacher": Rule(frozenset({Role.HEADTEACHER}), kwargs=kw.incident_kw),
    "monitoring:formal_review_add": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "monitoring:continuation_decide": Rule(
        frozenset({Role.HEADTEACHER}), kwargs=kw.continuation_kw
    ),
    "monitoring:early_end": Rule(
        frozenset({Role.AP_LEAD, Role.DSL}), kwargs=kw.attending_placement_kw
    ),
    # Records kept on the placement (R-11.1, R-10.4, R-10.7, R-10.8) -- altprov/progress
    "progress:objectives": Rule(PUPIL_ROLES, kwargs=kw.placement_kw),
    "progress:progress_add": Rule(frozenset({Role.AP_LEAD}), kwargs=kw.attending_objective_kw),
    "progress:contacts": Rule(PUPIL_ROLES | {Role.STAFF_MEMBER}, kwargs=kw.pastoral_placement_kw),
    "progress:contact_add": Rule(
        frozenset({Role.AP_LEAD, Role.STAFF_MEMBER}), kwargs=kw.pastoral_placement_kw
    ),
    "progress:pastoral": Rule(STAFF),
    "progress:exams": Rule(PUPIL_ROLES, kwargs=kw.placement_kw),
    "progress:exam_add": Rule(frozenset({Role.ASSESSMENT_LEAD}), kwargs=kw.placement_kw),
    "progress:exam_edit": Rule(frozenset({Role.ASSESSMENT_LEAD}), kwargs=kw.exam_arrangement_kw),
    "progress:tracking": Rule(PUPIL_ROLES, kwargs=kw.school_kw),
    "progress:send": Rule(SEND_READERS, kwargs=kw.ehcp_placement_kw),
    "progress:send_document_add": Rule(SENDCO, kwargs=kw.ehcp_placement_kw),
    "progress:recommendation_add": Rule(SENDCO, kwargs=kw.ehcp_placement_kw),
    "progress:ehcp_date": Rule(SENDCO, kwargs=kw.ehcp_placement_kw),
    "progress:ehcp_review_add": Rule(SENDCO, kwargs=kw.ehcp_placement_kw),
    # Suspensions: recorded by the Headteacher or the AP Lead, seen by pupil roles
    "suspensions:school": Rule(PUPIL_ROLES),
    "suspensions:pupil": Rule(PUPIL_ROLES, kwargs=kw.pupil_kw),
    "suspensions:add": Rule(REFERRERS, kwargs=kw.pupil_kw),
    "suspensions:detail": Rule(PUPIL_ROLES, kwargs=kw.suspension_kw),
    "suspensions:parents_told": Rule(REFERRERS, kwargs=kw.suspension_kw),
    # Attendance and absences: seen by the roles who see placements, entered by
    # the Attendance Lead and the AP Lead
    "attendance:school": Rule(PUPIL_ROLES, kwargs=kw.school_kw),
    "attendance:week": Rule(ATTENDANCE_ENTERERS, kwargs=kw.school_kw),
    "attendance:import": Rule(ATTENDANCE_ENTERERS, kwargs=kw.school_kw),
    "attendance:weekly_update": Rule(ATTENDANCE_ENTERERS, kwargs=kw.school_kw, method="POST"),
    # (the scene's placement: an attending one made here, walked before "placements:add" in the
    # page walks, would stop the pupil's new placement being offered)
    "attendance:placement": Rule(PUPIL_ROLES, kwargs=kw.placement_kw),
    "attendance:notification_add": Rule(ATTENDANCE_ENTERERS, kwargs=kw.placement_kw),
    "attendance:contact_add": Rule(ATTENDANCE_ENTERERS, kwargs=kw.placement_kw),
    "attendance:intervention_add": Rule(ATTENDANCE_ENTERERS, kwargs=kw.placement_kw),
    "attendance:follow_up": Rule(ATTENDANCE_ENTERERS, kwargs=kw.follow_up_kw),
    # Duties and due dates (issue 7): the school's page and the trust's side by side
    "duties:school": Rule(DUE_DUTY_READERS, kwargs=kw.school_kw),
    "duties:trust": Rule(TRUST_DUE_DUTY_READERS),
    # GIAS: the national register is imported by the service administrator only; trust
    # administrators see and re-run their own providers' checks -- lines for altprov/gias go here
    "gias:import": Rule(SERVICE_ADMIN),
    "gias:checks": Rule(TRUST_ADMIN),
    "gias:run_checks": Rule(TRUST_ADMIN, method="POST"),
    # The national and regional dashboards (issue 10, P7): service oversight only
    "national:dashboard": Rule(SERVICE_OVERSIGHT),
    "national:region": Rule(
        SERVICE_OVERSIGHT, kwargs=lambda w, scope: {"region": "london"}, only_scopes=(OWN,)
    ),
    # The provider register: shared by the schools of a trust
    "providers:list": Rule(PROVIDER_READERS),
    "providers:due_for_reaudit": Rule(PROVIDER_READERS),
    "providers:detail": Rule(PROVIDER_READERS, kwargs=kw.provider_kw, only_scopes=SHARED_BY_TRUST),
    "providers:add": Rule(PROVIDER_MANAGERS),
    "providers:edit": Rule(PROVIDER_MANAGERS, kwargs=kw.provider_kw, only_scopes=SHARED_BY_TRUST),
    "providers:site_add": Rule(
        PROVIDER_MANAGERS, kwargs=kw.provider_kw, only_scopes=SHARED_BY_TRUST
    ),
    "providers:site_edit": Rule(PROVIDER_MANAGERS, kwargs=kw.site_kw, only_scopes=SHARED_BY_TRUST),
    "providers:site_remove": Rule(
        PROVIDER_MANAGERS, kwargs=kw.site_kw, only_scopes=SHARED_BY_TRUST
    ),
    "providers:contact_add": Rule(
        PROVIDER_MANAGERS, kwargs=kw.provider_kw, only_scopes=SHARED_BY_TRUST
    ),
    "providers:contact_edit": Rule(
        PROVIDER_MANAGERS, kwargs=kw.contact_kw, only_scopes=SHARED_BY_TRUST
    ),
    "providers:contact_remove": Rule(
        PROVIDER_MANAGERS, kwargs=kw.contact_kw, only_scopes=SHARED_BY_TRUST
    ),
    "providers:inspection_add": Rule(
        PROVIDER_MANAGERS, kwargs=kw.provider_kw, only_scopes=SHARED_BY_TRUST
    ),
    "providers:inspection_add_outcome": Rule(
        PROVIDER_MANAGERS, kwargs=kw.scheme_kw, only_scopes=SHARED_BY_TRUST
    ),
    "providers:inspection_remove": Rule(
        PROVIDER_MANAGERS, kwargs=kw.fresh_inspection_kw, method="POST", only_scopes=SHARED_BY_TRUST
    ),
    "providers:letter_add": Rule(
        PROVIDER_MANAGERS, kwargs=kw.provider_kw, only_scopes=SHARED_BY_TRUST
    ),
    # Audits: belong to the school that made them
    "provider_audits:start": Rule(
        AUDIT_EDITORS, kwargs=kw.provider_kw, method="POST", only_scopes=SHARED_BY_TRUST
    ),
    "provider_audits:overview": Rule(AUDIT_READERS, kwargs=kw.audit_kw),
    "provider_audits:pdf": Rule(AUDIT_READERS, kwargs=kw.audit_kw),
    "provider_audits:section": Rule(AUDIT_EDITORS, kwargs=kw.section_kw),
    "provider_audits:person_add": Rule(AUDIT_EDITORS, kwargs=kw.audit_kw),
    "provider_audits:person_remove": Rule(AUDIT_EDITORS, kwargs=kw.fresh_person_kw, method="POST"),
    "provider_audits:confirm_safeguarding": Rule(
        frozenset({Role.DSL}), kwargs=kw.audit_kw, method="POST"
    ),
    "provider_audits:sign_off": Rule(frozenset({Role.HEADTEACHER}), kwargs=kw.audit_kw),
    "provider_audits:action_done": Rule(AUDIT_EDITORS, kwargs=kw.action_kw),
    "evidence:download": Rule(AUDIT_READERS, kwargs=kw.evidence_kw),
    # Who viewed pupil records
    "audit:access_log": Rule(ACCESS_LOG_READERS),
    # Retention: the records past their period, seen and deleted by the school's DSL only
    "retention:due": Rule(frozenset({Role.DSL}), kwargs=kw.school_kw),
    "retention:confirm": Rule(frozenset({Role.DSL}), kwargs=kw.retention_due_kw),
    # History of changes of each record: exactly who may open the record's page
    "history:pupil": Rule(PUPIL_ROLES, kwargs=kw.pupil_kw),
    "history:referral": Rule(PUPIL_ROLES, kwargs=kw.referral_kw),
    "history:placement": Rule(PUPIL_ROLES, kwargs=kw.placement_kw),
    "history:plan": Rule(REFERRERS, kwargs=kw.placement_kw),
    "history:audit": Rule(AUDIT_READERS, kwargs=kw.audit_kw),
    "history:provider": Rule(PROVIDER_READERS, kwargs=kw.provider_kw, only_scopes=SHARED_BY_TRUST),
    # AP budgets: proposed by the Headteacher, approved by the Trust Executive
    "budgets:trust": Rule(frozenset({Role.TRUST_EXECUTIVE, Role.SCHOOL_IMPROVEMENT})),
    "budgets:school": Rule(
        frozenset({Role.HEADTEACHER, Role.AP_LEAD, Role.TRUST_EXECUTIVE, Role.SCHOOL_IMPROVEMENT}),
        kwargs=kw.school_kw,
    ),
    "budgets:propose": Rule(frozenset({Role.HEADTEACHER}), kwargs=kw.school_kw),
    "budgets:approve": Rule(
        frozenset({Role.TRUST_EXECUTIVE}), kwargs=kw.proposal_kw, method="POST"
    ),
    "budgets:return": Rule(frozenset({Role.TRUST_EXECUTIVE}), kwargs=kw.proposal_kw),
    # Reintegration, endings and outcomes (R-13.1 to) -- altprov/outcomes
    "outcomes:meeting": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "outcomes:plan": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "outcomes:final_report": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "outcomes:pupil_views": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "outcomes:reintegrate": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "outcomes:end": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "outcomes:views_add": Rule(REFERRERS, kwargs=kw.attending_placement_kw),
    "outcomes:impact": Rule(PUPIL_ROLES, kwargs=kw.attending_placement_kw),
    "outcomes:support_add": Rule(REFERRERS, kwargs=kw.ended_placement_kw),
    "outcomes:follow_up": Rule(REFERRERS, kwargs=kw.ended_placement_kw),
    "outcomes:outcome": Rule(REFERRERS, kwargs=kw.ended_placement_kw),
    "outcomes:questions": Rule(QUESTION_SETTERS),
    "outcomes:question_add": Rule(QUESTION_SETTERS),
    "outcomes:question_edit": Rule(
        QUESTION_SETTERS, kwargs=kw.view_question_kw, only_scopes=(OWN, OTHER_TRUST)
    ),
    # Reports: the school's, the trust's side by side, and the governance report
    # (aggregates only) for trustees and local academy committees
    "reports:school": Rule(SCHOOL_REPORT_READERS, kwargs=kw.school_kw),
    "reports:school_table": Rule(SCHOOL_REPORT_READERS, kwargs=kw.report_table_kw),
    "reports:census": Rule(SCHOOL_REPORT_READERS, kwargs=kw.school_kw),
    "reports:census_download": Rule(SCHOOL_REPORT_READERS, kwargs=kw.census_download_kw),
    "reports:trust": Rule(TRUST_PUPIL_ROLES),
    "reports:trust_table": Rule(
        TRUST_PUPIL_ROLES,
        kwargs=lambda w, scope: {**kw.trust_kw(w, scope), "key": "schools", "fmt": "xlsx"},
        only_scopes=SHARED_BY_TRUST,
    ),
    "reports:governance": Rule(GOVERNANCE_READERS),
    "reports:governance_table": Rule(
        GOVERNANCE_READERS,
        kwargs=lambda w, scope: {**kw.trust_kw(w, scope), "key": "pupils-by-route", "fmt": "csv"},
        only_scopes=SHARED_BY_TRUST,
    ),
    "reports:lac_pdf": Rule(GOVERNANCE_READERS, kwargs=kw.school_kw),
    # The provider portal (issue 9): provider users only; no staff role reaches it (the provider
    # users' own matrix: tests/portal/test_portal_matrix.py with portal_policy.PORTAL_POLICY)
    "portal:home": Rule(frozenset()),
    # What providers submit besides attendance (issue 9): provider users only
    "portal:placement_reports": Rule(frozenset(), kwargs=kw.attending_placement_kw),
    "portal:report_add": Rule(frozenset(), kwargs=kw.attending_placement_kw),
    "portal:incident_add": Rule(frozenset(), kwargs=kw.attending_placement_kw),
    "portal:requests": Rule(frozenset()),
    "portal:request": Rule(frozenset(), kwargs=kw.self_assessment_kw),
    # The school asks the provider for its self-assessment (issue 9, R-5.3)
    "provider_audits:self_assessment_request": Rule(AUDIT_EDITORS, kwargs=kw.audit_kw),
    "provider_audits:self_assessment_copy": Rule(
        AUDIT_EDITORS, kwargs=kw.section_kw, method="POST"
    ),
    "portal:today": Rule(frozenset()),
    "portal:placement": Rule(frozenset(), kwargs=kw.attending_placement_kw),
    "portal:placement_week": Rule(frozenset(), kwargs=kw.attending_placement_kw),
    "portal:absence": Rule(frozenset(), kwargs=kw.attending_placement_kw),
    # Provider accounts: the trust administrator, or the AP Lead of a school that uses the
    # provider (a placement there, or an audit of it); the provider of each scope is used only
    # by that scope's school
    "provider_users:invite": Rule(PROVIDER_USER_MANAGERS, kwargs=kw.used_provider_kw),
    "provider_users:switch_off": Rule(PROVIDER_USER_MANAGERS, kwargs=kw.provider_user_kw),
}
