"""What a referral needs before it can go to the Headteacher (R-6.3, policy sections 6 and 8), as
data: the task list, the service and the tests read the same declarations."""

from dataclasses import dataclass

from altprov.chronology.selectors import Timeline


@dataclass(frozen=True)
class Condition:
    key: str
    text: str
    source: str
    met: bool


def has_additional_needs(pupil) -> bool:
    """Section 8: SEND (including an EHC plan), SEMH needs, or looked after."""
    return (
        pupil.send_status != "none"
        or bool((getattr(pupil, "semh_needs", "") or "").strip())
        or pupil.looked_after
    )


def submission_conditions(referral, timeline: Timeline) -> list[Condition]:
    pupil = referral.pupil
    consulted = {c.role for c in referral.consultations.all()}
    conditions = [
        Condition(
            "reasons",
            "The reasons for the referral and its route are recorded",
            "R-4.1",
            bool(referral.reasons) and bool(referral.route),
        ),
        Condition(
            "chronology",
            "The chronology shows the interventions tried and their impact",
            "R-6.3, policy section 6",
            timeline.interventions_with_impact > 0,
        ),
        Condition(
            "needs",
            "The pupil's needs have been assessed (SEND status and SEMH needs recorded)",
            "R-6.3, policy section 8",
            getattr(pupil, "needs_assessed_on", None) is not None,
        ),
    ]
    if has_additional_needs(pupil):
        conditions += [
            Condition(
                "dsl",
                "The DSL has been consulted, as the pupil has additional needs",
                "policy section 8",
                "dsl" in consulted,
            ),
            Condition(
                "sendco",
                "The SENDCo has been consulted, as the pupil has additional needs",
                "policy section 8",
                "sendco" in consulted,
            ),
        ]
    return conditions


# Parents before the parents' meeting (R-7.2, R-7.3) -------------------------------------------

NO_PARENT = (
    "Add a parent or carer with parental responsibility to the pupil's record, or say why there "
    "is none"
)


def has_parent_on_record(pupil) -> bool:
    """R-7.2: the meeting and the agreement are with the pupil's parents or carers, so at least
    one with parental responsibility is on the pupil's record first."""
    return pupil.carers.filter(parental_responsibility=True).exists()
