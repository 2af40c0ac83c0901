"""The authorization policy, as data: for every URL of the service, who may use it.

The matrix test (test_matrix.py) walks every URL pattern, and for every role requests it with
objects in the user's own scope (school A1 / trust A), another school of the same trust (A2) and
another trust (B1), and compares the answer with this table. A URL missing from the table fails
the test, so a new page cannot ship without a line here.

`allowed` is the set of roles that may use the URL in their own scope. A trust role that is
allowed reaches every school of its trust; a school role reaches only its school; nobody reaches
another trust. Refusals are always 404 "not found" (R-10.2, X-5).
"""

from collections.abc import Callable
from dataclasses import dataclass

from altprov.authz.permissions import ROLES, Role, Scope

ALL = frozenset(Role)
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

OWN, OTHER_SCHOOL, OTHER_TRUST = "own", "other_school", "other_trust"


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


def _school(w, scope):
    return {OWN: w.school_a1, OTHER_SCHOOL: w.school_a2, OTHER_TRUST: w.school_b1}[scope]


def school_kw(w, scope):
    return {"school_id": _school(w, scope).pk}


def year_kw(w, scope):
    school = _school(w, scope)
    return {"school_id": school.pk, "year_id": school.academic_years.first().pk}


def term_kw(w, scope):
    school = _school(w, scope)
    return {
        "school_id": school.pk,
        "term_id": school.academic_years.first().terms.first().pk,
    }


def closure_kw(w, scope):
    school = _school(w, scope)
    return {"school_id": school.pk, "closure_id": school.closure_days.first().pk}


def rule_kw(w, scope):
    trust = w.trust_b if scope == OTHER_TRUST else w.trust_a
    return {"rule_id": trust.threshold_rules.first().pk}


def staff_kw(w, scope):
    return {"user_id": w.staff_in[scope].pk}


def staff_role_kw(w, scope):
    person = w.staff_in[scope]
    return {"user_id": person.pk, "assignment_id": person.role_assignments.first().pk}


def pupil_kw(w, scope):
    return {
        "pupil_id": {OWN: w.pupil_a1, OTHER_SCHOOL: w.canary_a2, OTHER_TRUST: w.canary_b1}[scope].pk
    }


def switch_data(w, scope):
    return {"school": _school(w, scope).pk, "next": "/"}


POLICY: dict[str, Rule] = {
    # Pages everyone signed in has
    "core:home": Rule(ALL),
    "core:accessibility": Rule(ALL),
    "core:switch_school": Rule(ALL, method="POST", data=switch_data),
    "accounts:account": Rule(ALL),
    "accounts:recovery_codes_new": Rule(ALL, method="POST"),
    "accounts:sign_out": Rule(ALL, method="POST"),
    "accounts:sign_out_everywhere": Rule(ALL, method="POST"),
    # Sign-in pages: a user who has finished signing in is sent on (302), whoever they are.
    "accounts:sign_in": Rule(ALL, ok_status=302),
    "accounts:second_factor": Rule(ALL, ok_status=302),
    "accounts:enrol": Rule(ALL, ok_status=302),
    "accounts:recovery_codes": Rule(ALL, ok_status=302),
    # A set-up link with a made-up token is not found for anyone.
    "accounts:set_up": Rule(
        frozenset(),
        kwargs=lambda w, s: {"uidb64": "MQ", "token": "not-a-token"},
        only_scopes=(OWN,),
    ),
    # Trust administration
    "organisations:school_list": Rule(TRUST_ADMIN),
    "organisations:school_add": Rule(TRUST_ADMIN),
    "organisations:school_detail": Rule(TRUST_ADMIN, kwargs=school_kw),
    "organisations:school_edit": Rule(TRUST_ADMIN, kwargs=school_kw),
    "organisations:settings": Rule(SETTINGS_READERS),
    "organisations:settings_edit": Rule(TRUST_ADMIN),
    "organisations:threshold_rule_edit": Rule(
        TRUST_ADMIN, kwargs=rule_kw, only_scopes=(OWN, OTHER_TRUST)
    ),
    "termdates:term_dates": Rule(TRUST_ADMIN, kwargs=school_kw),
    "termdates:year_add": Rule(TRUST_ADMIN, kwargs=school_kw),
    "termdates:term_add": Rule(TRUST_ADMIN, kwargs=year_kw),
    "termdates:term_edit": Rule(TRUST_ADMIN, kwargs=term_kw),
    "termdates:closure_add": Rule(TRUST_ADMIN, kwargs=school_kw),
    "termdates:closure_delete": Rule(TRUST_ADMIN, kwargs=closure_kw),
    "staff:list": Rule(TRUST_ADMIN),
    "staff:add": Rule(TRUST_ADMIN),
    "staff:detail": Rule(TRUST_ADMIN, kwargs=staff_kw),
    "staff:role_add": Rule(TRUST_ADMIN, kwargs=staff_kw),
    "staff:role_remove": Rule(TRUST_ADMIN, kwargs=staff_role_kw),
    "staff:set_up_link": Rule(TRUST_ADMIN, kwargs=staff_kw, method="POST"),
    "staff:sign_in_reset": Rule(TRUST_ADMIN, kwargs=staff_kw),
    # Pupils: school pupil roles in their school, trust pupil roles across the trust.
    "pupils:list": Rule(PUPIL_ROLES),
    "pupils:detail": Rule(PUPIL_ROLES, kwargs=pupil_kw),
    # GIAS import and registration checks (R-5.2) -- lines for altprov/gias URLs go here
    "gias:import": Rule(TRUST_ADMIN),
    "gias:run_checks": Rule(TRUST_ADMIN, method="POST"),
    # Who viewed pupil records
    "audit:access_log": Rule(ACCESS_LOG_READERS),
}
