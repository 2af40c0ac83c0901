"""Which fields of which model are sensitive, and under which flag (R-10.2, X-1).

One table, read by every page that shows a record's fields outside the record's own page: the
history of changes (`altprov/history`), and the subject access export and the "what changed" page
as they arrive. A field in the table is shown only to someone who holds the flag's permission in
the record's school, in the current version and in every old one; everyone else sees that it
changed, never what it was or became. The pupil's record reads its SEND and safeguarding groups
from here too (`Pupil.SEND_FIELDS`, `Pupil.SAFEGUARDING_FIELDS`), so the rule is declared once.

A plain module: no views, no models imported (models are named by `app_label.modelname`, as
`Model._meta.label_lower` gives them), so any app can import it without an import circle.
"""

from __future__ import annotations

import enum

from altprov.authz.checks import has_permission
from altprov.authz.permissions import Permission


class Flag(enum.Enum):
    """A group of sensitive detail, the permission that shows it, and what the page says to
    someone without it."""

    SEND = "send"
    SAFEGUARDING = "safeguarding"
    # exam access arrangements follow from the pupil's needs. Those who see SEND detail
    # see them, and so does the Assessment Lead who makes them.
    ACCESS_ARRANGEMENTS = "access_arrangements"

    @property
    def permissions(self) -> tuple[Permission, ...]:
        """Holding any one of these in the record's school shows the flag's fields."""
        return {
            Flag.SEND: (Permission.VIEW_SEND_DETAIL,),
            Flag.SAFEGUARDING: (Permission.VIEW_SAFEGUARDING_DETAIL,),
            Flag.ACCESS_ARRANGEMENTS: (
                Permission.VIEW_SEND_DETAIL,
                Permission.RECORD_EXAM_ARRANGEMENTS,
            ),
        }[self]

    @property
    def label(self) -> str:
        return {
            Flag.SEND: "SEND detail",
            Flag.SAFEGUARDING: "safeguarding detail",
            Flag.ACCESS_ARRANGEMENTS: "exam access arrangements",
        }[self]

    @property
    def heading(self) -> str:
        return self.label[:1].upper() + self.label[1:]

    @property
    def hidden_text(self) -> str:
        return f"Changed (hidden: you do not have access to {self.label})"


_SEND_OF_PUPIL = (
    "send_status",
    "ehcp_local_authority",
    "la_caseworker_name",
    "la_caseworker_email",
    "la_caseworker_phone",
    "semh_needs",
    "medical_needs",
    "needs_assessed_on",
)
_SAFEGUARDING_OF_PUPIL = (
    "looked_after",
    "social_worker_name",
    "social_worker_phone",
    "social_worker_email",
    "virtual_school_head_name",
    "virtual_school_head_email",
    "other_social_worker",
)

# model (app_label.modelname) -> {field name: flag}. Fields not named here are shown to everyone
# who may see the record.
SENSITIVE_FIELDS: dict[str, dict[str, Flag]] = {
    "pupils.pupil": {
        **dict.fromkeys(_SEND_OF_PUPIL, Flag.SEND),
        **dict.fromkeys(_SAFEGUARDING_OF_PUPIL, Flag.SAFEGUARDING),
    },
    # The personalised plan's link to the EHC plan describes the pupil's EHCP (SEND detail).
    "placements.placementrecords": {"ehcp_link": Flag.SEND},
    # the safeguarding concerns a placement ended early for (the placement page hides
    # them too). A serious incident is behaviour, not safeguarding detail: the placement
    # page and the pupil's chronology show it to everyone who sees the placement, so it is not
    # here, and its history shows it to them too.
    "monitoring.earlyending": {"reason": Flag.SAFEGUARDING},
    # The SENDCo's records are SEND detail through and through: their pages are only for
    # those who see it, and the history leaves them out for anyone else (`Source.flag`).
    "progress.senddocumentshare": dict.fromkeys(("document", "shared_on", "method"), Flag.SEND),
    "progress.providerrecommendation": dict.fromkeys(
        ("what", "recommended_on", "action"), Flag.SEND
    ),
    "progress.ehcpdate": {"dated": Flag.SEND},
    "progress.ehcpannualreview": dict.fromkeys(("held_on", "outcome", "notes"), Flag.SEND),
    # Access arrangements follow from the pupil's needs; the exams page uses this flag.
    "progress.examarrangement": {"access_arrangements": Flag.ACCESS_ARRANGEMENTS},
    # A suspension's exception "the EHC plan specifies fewer hours" says the pupil has an EHCP.
    "suspensions.suspension": {"ehcp_fewer_hours": Flag.SEND},
}


def sensitive_fields(model_label: str) -> dict[str, Flag]:
    """{field: flag} for a model named `app_label.modelname` (empty when nothing is sensitive)."""
    return SENSITIVE_FIELDS.get(model_label.lower(), {})


def fields_under(model_label: str, flag: Flag) -> tuple[str, ...]:
    """The model's fields under one flag, in the table's order."""
    return tuple(name for name, f in sensitive_fields(model_label).items() if f is flag)


def flags_for(user, school) -> frozenset[Flag]:
    """The flags the user holds in the school: what they may see of a record there."""
    return frozenset(
        f for f in Flag if any(has_permission(user, p, school=school) for p in f.permissions)
    )


def hidden_by(model_label: str, field: str, allowed: frozenset[Flag]) -> Flag | None:
    """The flag that hides this field from someone holding `allowed`, or None if it is shown."""
    flag = sensitive_fields(model_label).get(field)
    return flag if flag is not None and flag not in allowed else None
