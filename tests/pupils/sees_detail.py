"""Who sees a pupil's SEND and safeguarding detail (R-10.2), role by role: one table for the
record's page and its sections' tests."""

from altprov.authz.permissions import Role

# (role, sees SEND detail, sees safeguarding detail)
SEES_DETAIL = [
    (Role.HEADTEACHER, True, True),
    (Role.AP_LEAD, True, True),
    (Role.DSL, True, True),
    (Role.SENDCO, True, False),
    (Role.ATTENDANCE_LEAD, False, False),
    (Role.ASSESSMENT_LEAD, False, False),
    (Role.TRUST_EXECUTIVE, False, False),
    (Role.SCHOOL_IMPROVEMENT, False, False),
    (Role.TRUST_SAFEGUARDING_LEAD, True, True),
]
