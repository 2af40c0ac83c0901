"""A referral's task list as the person looking at it can act on it: each task links to where it
is done (returning to the referral after saving) when it is theirs to do, and otherwise says who
it waits for (for example "Waiting for the Headteacher"); no task links to the page it is on."""

from dataclasses import dataclass

from django.urls import reverse

from altprov.authz.checks import has_permission
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Permission
from altprov.authz.who import who_can
from altprov.core.returns import with_return

from .models import Consultation


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    status_text: str
    url: str = ""
    hint: str = ""
    done: bool = False
    waiting: bool = False  # someone else must act
    cannot_start_yet: bool = False


def _waiting(who: str) -> str:
    return f"Waiting for {who}"


def readiness_tasks(referral, conditions, user) -> list[Task]:
    """R-6.3: what must be in place before the referral goes to the Headteacher."""
    school, pupil = referral.school, referral.pupil
    overview = reverse("referrals:overview", args=[referral.pk])
    held = set(
        RoleAssignment.objects.filter(
            user=user, school=school, role__in=Consultation.Role.values
        ).values_list("role", flat=True)
    )

    def may(*permissions) -> bool:
        return all(has_permission(user, p, school=school) for p in permissions)

    tasks = []
    for c in conditions:
        url, who = "", ""
        if c.key == "reasons":
            if may(Permission.MAKE_REFERRALS) and not referral.submitted_at:
                url = with_return(reverse("referrals:reasons", args=[referral.pk]), overview)
            else:
                who = who_can([Permission.MAKE_REFERRALS])
        elif c.key == "chronology":
            if c.met:
                url = reverse("chronology:timeline", args=[pupil.pk])
            elif may(Permission.RECORD_CHRONOLOGY):
                url = with_return(
                    reverse("chronology:add", args=[pupil.pk, "internal_intervention"]), overview
                )
            else:
                who = who_can([Permission.RECORD_CHRONOLOGY])
        elif c.key == "needs":
            if may(Permission.MANAGE_PUPILS, Permission.VIEW_SEND_DETAIL):
                url = with_return(reverse("pupils:edit_send", args=[pupil.pk]), overview)
            else:
                who = who_can([Permission.MANAGE_PUPILS, Permission.VIEW_SEND_DETAIL])
        elif c.key in Consultation.Role.values:
            # Section 8: only the DSL (or the SENDCo) records their own view.
            if c.key in held and not c.met:
                url = reverse("referrals:consult", args=[referral.pk])
            else:
                who = "the DSL" if c.key == Consultation.Role.DSL else "the SENDCo"
        if c.met:
            tasks.append(Task(c.key, c.text, "Completed", url, c.source, done=True))
        elif url:
            tasks.append(Task(c.key, c.text, "Not yet", url, c.source))
        else:
            tasks.append(Task(c.key, c.text, _waiting(who), "", c.source, waiting=True))
    return tasks


def decision_tasks(referral, user, *, meeting, agreement) -> list[Task]:
    """The Headteacher's decision (R-7.1), the meeting (R-7.2) and the agreement (R-7.3)."""
    school = referral.school
    can_decide = has_permission(user, Permission.DECIDE_REFERRALS, school=school)
    can_refer = has_permission(user, Permission.MAKE_REFERRALS, school=school)
    referrers = who_can([Permission.MAKE_REFERRALS])
    tasks = []
    title = "The Headteacher's decision"
    if referral.decision:
        tasks.append(
            Task(
                "decision",
                title,
                referral.decision.capitalize(),
                hint=referral.decided_by.full_name if referral.decided_by else "",
                done=True,
            )
        )
    elif referral.submitted_at and can_decide:
        url = reverse("referrals:decide", args=[referral.pk])
        tasks.append(Task("decision", title, "Not yet", url))
    elif referral.submitted_at:
        tasks.append(Task("decision", title, _waiting("the Headteacher"), waiting=True))
    else:
        tasks.append(Task("decision", title, "Cannot start yet", cannot_start_yet=True))

    title = "The referral meeting with the pupil and family"
    url = reverse("referrals:meeting", args=[referral.pk]) if can_refer else ""
    if not referral.is_approved:
        tasks.append(Task("meeting", title, "Cannot start yet", cannot_start_yet=True))
    elif meeting:
        tasks.append(Task("meeting", title, "Completed", url, done=True))
    elif url:
        tasks.append(Task("meeting", title, "Not yet", url))
    else:
        tasks.append(Task("meeting", title, _waiting(referrers), waiting=True))

    title = "The agreement with the parents or carers"
    if agreement:
        tasks.append(Task("agreement", title, agreement.get_response_display(), done=True))
    elif not meeting:
        tasks.append(Task("agreement", title, "Cannot start yet", cannot_start_yet=True))
    elif can_refer:
        url = reverse("referrals:agreement", args=[referral.pk])
        tasks.append(Task("agreement", title, "Not yet", url))
    else:
        tasks.append(Task("agreement", title, _waiting(referrers), waiting=True))
    return tasks
