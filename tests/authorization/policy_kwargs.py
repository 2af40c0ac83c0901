"""The URL keyword arguments and POST data of the authorization matrix (policy.py): for each
scope (own, another school of the trust, another trust), the object a URL names, built from the
world. Split from policy.py, which holds who may use each URL."""

from altprov.authz.permissions import Role

OWN, OTHER_SCHOOL, OTHER_TRUST = "own", "other_school", "other_trust"


def _school(w, scope):
    return {OWN: w.school_a1, OTHER_SCHOOL: w.school_a2, OTHER_TRUST: w.school_b1}[scope]


def school_kw(w, scope):
    return {"school_id": _school(w, scope).pk}


def trust_kw(w, scope):
    return {"trust_id": (w.trust_b if scope == OTHER_TRUST else w.trust_a).pk}


def report_table_kw(w, scope):
    return {**school_kw(w, scope), "key": "by-provider", "fmt": "csv"}


def census_download_kw(w, scope):
    return {**school_kw(w, scope), "fmt": "xlsx"}


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


def api_client_kw(w, scope):
    """An API client of trust A (or B), made afresh each time (the revoke page changes it)."""
    import datetime as dt
    import itertools

    from django.utils import timezone

    from altprov.api.models import ApiClient
    from altprov.api.services import client_create

    trust, admin = (
        (w.trust_b, w.outsider)
        if scope == OTHER_TRUST
        else (w.trust_a, w.users[Role.TRUST_ADMINISTRATOR])
    )
    today = timezone.localdate()
    for n in itertools.count(ApiClient.objects.count() + 1):
        if not ApiClient.objects.filter(trust=trust, name=f"Matrix system {n}").exists():
            break
    client, _ = client_create(
        trust=trust,
        name=f"Matrix system {n}",
        school=None,
        access="read",
        expires_on=today + dt.timedelta(days=10),
        by=admin,
        today=today,
    )
    return {"client_id": client.pk}


def invitation_kw(w, scope):
    from altprov.staff.models import RoleInvitation

    trust = w.trust_b if scope == OTHER_TRUST else w.trust_a
    invitation = RoleInvitation.objects.create(
        user=w.staff_in[scope],
        email=w.staff_in[scope].email,
        full_name="Invited Person",
        role=Role.TRUSTEE,
        trust=trust,
    )
    return {"invitation_id": invitation.pk}


def pupil_kw(w, scope):
    return {
        "pupil_id": {OWN: w.pupil_a1, OTHER_SCHOOL: w.canary_a2, OTHER_TRUST: w.canary_b1}[scope].pk
    }


def carer_kw(w, scope):
    pupil = {OWN: w.pupil_a1, OTHER_SCHOOL: w.canary_a2, OTHER_TRUST: w.canary_b1}[scope]
    carer = pupil.carers.create(name="Pat Carer", relationship="Mother", phone="07700 900982")
    return {"pupil_id": pupil.pk, "carer_id": carer.pk}


def provider_kw(w, scope):
    return {"provider_id": (w.qa["provider_b"] if scope == OTHER_TRUST else w.qa["provider_a"]).pk}


def _provider(w, scope):
    return w.qa["provider_b"] if scope == OTHER_TRUST else w.qa["provider_a"]


def site_kw(w, scope):
    provider = _provider(w, scope)
    return {"provider_id": provider.pk, "site_id": provider.sites.first().pk}


def contact_kw(w, scope):
    provider = _provider(w, scope)
    return {"provider_id": provider.pk, "contact_id": provider.contacts.first().pk}


def fresh_inspection_kw(w, scope):
    provider = _provider(w, scope)
    inspection = provider.inspections.create(
        scheme="legacy", inspection_date="2022-01-01", overall_grade=2, safeguarding="effective"
    )
    return {"provider_id": provider.pk, "inspection_id": inspection.pk}


def scheme_kw(w, scope):
    return {**provider_kw(w, scope), "scheme": "report_card"}


def _audit(w, scope):
    return w.qa["audits"][scope]


def audit_kw(w, scope):
    return {"audit_id": _audit(w, scope).pk}


def section_kw(w, scope):
    return {"audit_id": _audit(w, scope).pk, "section": "safeguarding"}


def retention_due_kw(w, scope):
    """A pupil of the scope's school listed for deletion past the retention period (X-1), made
    once per scope: a pupil of their own, born long ago."""
    import datetime as dt

    from altprov.retention.models import DueForDeletion
    from tests.factories import World, make_pupil

    made = w.__dict__.setdefault("retention_due", {})
    if scope not in made:
        school = _school(w, scope)
        name = {OWN: "Expired", OTHER_SCHOOL: World.CANARY_A2, OTHER_TRUST: World.CANARY_B1}[scope]
        pupil = make_pupil(school, first_name=name, date_of_birth=dt.date(1990, 5, 1))
        if hasattr(w, "canaries"):  # the access-log walk: every pupil has canary names
            pupil.first_name, pupil.last_name = f"Firstq{pupil.pk}zx", f"Lastq{pupil.pk}zx"
            pupil.save(update_fields=["first_name", "last_name"])
            w.canaries[pupil.pk] = (pupil.first_name, pupil.last_name)
        made[scope] = DueForDeletion.objects.create(
            school=school,
            pupil=pupil,
            due_on=dt.date(2015, 5, 1),
            safeguarding=False,
            years=25,
            listed_on=dt.date.today(),
        )
    return {"due_id": made[scope].pk}


def fresh_person_kw(w, scope):
    audit = _audit(w, scope)
    person = audit.people.create(kind="visit", name="Removable Person", role="Visitor")
    return {"audit_id": audit.pk, "person_id": person.pk}


def action_kw(w, scope):
    return {"action_id": _audit(w, scope).actions.first().pk}


def evidence_kw(w, scope):
    return {"evidence_id": _audit(w, scope).answers.exclude(evidence=None).first().evidence_id}


def chronology_entry_kw(w, scope):
    from altprov.chronology.services import entry_add

    pupil = {OWN: w.pupil_a1, OTHER_SCHOOL: w.canary_a2, OTHER_TRUST: w.canary_b1}[scope]
    entry = entry_add(pupil=pupil, kind="note", occurred_on="2026-09-01", summary="A note", by=None)
    return {"pupil_id": pupil.pk, "entry_id": entry.pk}


def referral_kw(w, scope):
    return {"referral_id": w.referrals[scope].pk}


def agreed_referral_kw(w, scope):
    return {"referral_id": w.placements[scope].referral_id}


def placement_kw(w, scope):
    return {"placement_id": w.placements[scope].pk}


def follow_up_kw(w, scope):
    """An open follow-up of an absence of the scope's placement."""
    import datetime as dt

    from altprov.attendance.models import FollowUp

    placement_id = placement_kw(w, scope)["placement_id"]
    follow_up, _ = FollowUp.objects.get_or_create(
        placement_id=placement_id,
        absence_date=dt.date.today(),
        defaults={"reason": "Unauthorised absence marked"},
    )
    return {"follow_up_id": follow_up.pk}


def used_provider_kw(w, scope):
    """The provider of the scope's planned placement: used by that scope's school alone."""
    return {"provider_id": w.placements[scope].provider_id}


def provider_user_kw(w, scope):
    """An active portal user of the scope's used provider (X-5), made once."""
    from altprov.accounts.models import User

    provider_id = w.placements[scope].provider_id
    user, _ = User.objects.get_or_create(
        email=f"portal-{provider_id}@example.org",
        defaults={"full_name": "Portal Person", "provider_id": provider_id},
    )
    return {"provider_id": provider_id, "user_id": user.pk}


def attending_placement_kw(w, scope):
    """An attending placement in the scope, of a pupil of its own (a review is of a placement
    the pupil attends): made by the matrix's scene (test_matrix.attending_scene)."""
    return {"placement_id": w.attending[scope].pk}


def incident_kw(w, scope):
    """A serious incident awaiting both decisions, on the scope's attending placement (R-12.3)."""
    from altprov.monitoring.models import Incident

    made = w.__dict__.setdefault("incidents", {})
    if scope not in made:
        placement_id = attending_placement_kw(w, scope)["placement_id"]
        made[scope] = Incident.objects.create(
            placement_id=placement_id,
            occurred_on=w.attending[scope].start_date,
            reported_by="The provider's manager",
            what_happened="A fight",
            provider_action="Sent home",
            recorded_by=w.attending[scope].created_by,
        )
    return {"incident_id": made[scope].pk}


def self_assessment_kw(w, scope):
    """A school's request that the provider answer a section of the scope's draft audit (issue 9):
    only the provider's users reach it, in the portal."""
    from altprov.provider_audits.models import SelfAssessmentRequest

    made = w.__dict__.setdefault("self_assessments", {})
    if scope not in made:
        audit = _audit(w, scope)
        made[scope] = SelfAssessmentRequest.objects.create(
            audit=audit, sections=["transition"], requested_by=audit.created_by
        )
    return {"request_id": made[scope].pk}


def continuation_kw(w, scope):
    """The scope's attending placement after three formal reviews with no improvement: the
    Headteacher's decision is waiting (R-12.4)."""
    from altprov.monitoring.models import FormalReview

    kwargs = attending_placement_kw(w, scope)
    placement = w.attending[scope]
    if not placement.formal_reviews.exists():
        for _ in range(3):
            FormalReview.objects.create(
                placement=placement,
                held_on=placement.start_date,
                attended=["ap_lead"],
                progress="Little",
                improved=False,
                actions="More support",
                recorded_by=placement.created_by,
            )
    return kwargs


def attending_objective_kw(w, scope):
    """An objective of the plan of the scope's attending placement (progress is recorded while
    the pupil attends, R-11.1)."""
    placement_id = attending_placement_kw(w, scope)["placement_id"]
    from altprov.placements.models import PlanObjective

    objective, _ = PlanObjective.objects.get_or_create(
        placement_id=placement_id,
        defaults={"objective": "Attend every session", "timeframe": "A term", "measure": "Marks"},
    )
    return {"objective_id": objective.pk}


def pastoral_placement_kw(w, scope):
    """The scope's attending placement, whose pastoral contact is school A1's Staff member in
    every scope (R-10.4): they reach only the log of the placement in their own school, and lose
    it in a school where they hold no role."""
    from altprov.placements.models import PlacementRecords

    placement_id = attending_placement_kw(w, scope)["placement_id"]
    PlacementRecords.objects.update_or_create(
        placement_id=placement_id, defaults={"pastoral_contact": w.users[Role.STAFF_MEMBER]}
    )
    return {"placement_id": placement_id}


def ehcp_placement_kw(w, scope):
    """An attending placement of a pupil with an EHCP in the scope (R-10.8), made once: a pupil
    of its own, so the scene's pupils keep the SEND status other pages expect."""
    import datetime as dt

    from altprov.placements.models import Placement
    from tests.factories import World, make_pupil

    made = w.__dict__.setdefault("ehcp", {})
    if scope not in made:
        base = w.placements[scope]
        referral = base.referral
        name = {OWN: "Ehcp", OTHER_SCHOOL: World.CANARY_A2, OTHER_TRUST: World.CANARY_B1}[scope]
        referral.pupil = make_pupil(referral.school, first_name=name, send_status="ehcp")
        if hasattr(w, "canaries"):  # the access-log walk: every pupil has canary names
            pupil = referral.pupil
            pupil.first_name, pupil.last_name = f"Firstq{pupil.pk}zx", f"Lastq{pupil.pk}zx"
            pupil.save(update_fields=["first_name", "last_name"])
            w.canaries[pupil.pk] = (pupil.first_name, pupil.last_name)
        referral.pk = None
        referral.save()
        today = dt.date.today()
        made[scope] = Placement.objects.create(
            referral=referral,
            provider=base.provider,
            start_date=today,
            planned_end_date=today + dt.timedelta(weeks=8),
            status="active",
            started_on=today,
            created_by=base.created_by,
        )
    return {"placement_id": made[scope].pk}


def exam_arrangement_kw(w, scope):
    """Exam arrangements recorded on the scope's placement (R-10.7), made once."""
    from altprov.progress.models import ExamArrangement

    placement = w.placements[scope]
    arrangement, _ = ExamArrangement.objects.get_or_create(
        placement=placement,
        defaults={
            "series": "Summer 2027",
            "entries": "GCSE English",
            "where": "school",
            "recorded_by": placement.created_by,
        },
    )
    return {"arrangement_id": arrangement.pk}


def suspension_kw(w, scope):
    """A suspension of the scope's pupil (R-10.3), made once per scope, with the parents' date
    not yet recorded so its page to record it is open."""
    import datetime as dt

    from altprov.suspensions.models import Suspension

    made = w.__dict__.setdefault("suspensions", {})
    if scope not in made:
        pupil = {OWN: w.pupil_a1, OTHER_SCHOOL: w.canary_a2, OTHER_TRUST: w.canary_b1}[scope]
        head = w.users[Role.HEADTEACHER]
        made[scope] = Suspension.objects.create(
            pupil=pupil,
            school=pupil.school,
            first_day=dt.date(2026, 11, 2),
            school_days=6,
            last_day=dt.date(2026, 11, 9),
            sixth_day=dt.date(2026, 11, 9),
            reason="A serious breach of the behaviour policy",
            decided_by=head,
            recorded_by=head,
        )
    return {"suspension_id": made[scope].pk}


def proposal_kw(w, scope):
    """A proposed AP budget of the scope's school (R-10.10), waiting for the trust, made once
    per scope: the first approval by an allowed role decides it, later ones are refused (302)."""
    import datetime as dt

    from altprov.budgets.models import Budget, BudgetProposal

    made = w.__dict__.setdefault("budget_proposals", {})
    if scope not in made:
        budget = Budget.objects.create(
            school=_school(w, scope),
            year_start=dt.date(2026, 9, 1),
            year_end=dt.date(2027, 8, 31),
            status="proposed",
        )
        made[scope] = BudgetProposal.objects.create(
            budget=budget, amount=1000, proposed_by=w.outsider
        )
    return {"proposal_id": made[scope].pk}


def ended_placement_kw(w, scope):
    """A placement of a pupil of its own in the scope that ended by the pupil's return to school
    today (R-13.3), made once: its outcome and follow-up are not yet recorded."""
    import datetime as dt

    from altprov.placements.models import Placement
    from tests.factories import World, make_pupil

    made = w.__dict__.setdefault("ended", {})
    if scope not in made:
        base = w.placements[scope]
        referral = base.referral
        name = {OWN: "Returned", OTHER_SCHOOL: World.CANARY_A2, OTHER_TRUST: World.CANARY_B1}[scope]
        referral.pupil = make_pupil(referral.school, first_name=name, last_name="Back")
        if hasattr(w, "canaries"):  # the access-log walk: every pupil has canary names
            pupil = referral.pupil
            pupil.first_name, pupil.last_name = f"Firstq{pupil.pk}zx", f"Lastq{pupil.pk}zx"
            pupil.save(update_fields=["first_name", "last_name"])
            w.canaries[pupil.pk] = (pupil.first_name, pupil.last_name)
        referral.pk = None
        referral.save()
        today = dt.date.today()
        made[scope] = Placement.objects.create(
            referral=referral,
            provider=base.provider,
            start_date=today - dt.timedelta(weeks=8),
            planned_end_date=today,
            status="ended",
            started_on=today - dt.timedelta(weeks=8),
            ended_on=today,
            end_reason="reintegrated",
            created_by=base.created_by,
        )
    return {"placement_id": made[scope].pk}


def view_question_kw(w, scope):
    """The first of the trust's questions for the pupil's view (R-6.5)."""
    from altprov.outcomes.models import ViewQuestion

    trust = w.trust_b if scope == OTHER_TRUST else w.trust_a
    return {"question_id": ViewQuestion.objects.filter(trust=trust).first().pk}


def switch_data(w, scope):
    return {"school": _school(w, scope).pk, "next": "/"}


def someone_elses_passkey():
    """A passkey of a person outside every scope of the matrix."""
    from altprov.accounts.models import User
    from tests.factories import make_passkey, make_user

    holder = User.objects.filter(email="passkey-holder@example.org").first()
    return make_passkey(holder or make_user("passkey-holder@example.org"))
