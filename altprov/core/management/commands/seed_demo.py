"""Builds a realistic, entirely fictional demo: two trusts, their schools, staff in every role, term
dates for this and next academic year, a few thousand pupils and a dozen providers per trust.

Deterministic: the same run gives the same data. Run it on an empty database (or with --reset in
demo mode). Every demo account has the password and TOTP secret printed by `make run`.
"""

import datetime as dt
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from altprov.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
from altprov.accounts.models import User
from altprov.authz.models import RoleAssignment
from altprov.authz.permissions import Role
from altprov.organisations.models import School, Trust
from altprov.organisations.services import trust_create
from altprov.providers.models import Provider
from altprov.pupils.models import Carer, Pupil
from altprov.pupils.upn import make_upn
from altprov.termdates.models import AcademicYear, ClosureDay, Term

D = dt.date

# A one-page PDF saying what it is, for the demo's letters of comfort.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 62>>stream\nBT /F1 18 Tf 72 760 Td (Demo letter of comfort: fictional) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

DEMO_DOMAIN = "demo.altprov.invalid"

MAIN_TRUST = "Fernleigh and Marsh Academy Trust"
SECOND_TRUST = "Heronsford Learning Partnership"

# (name, phase, town) - invented places
MAIN_SCHOOLS = [
    ("Fernleigh Primary Academy", School.Phase.PRIMARY, "Fernleigh"),
    ("Marshcombe Church of England Primary", School.Phase.PRIMARY, "Marshcombe"),
    ("Oakhollow Infant and Nursery", School.Phase.PRIMARY, "Oakhollow"),
    ("Brackenmoor Junior Academy", School.Phase.PRIMARY, "Brackenmoor"),
    ("Willowmere Primary", School.Phase.PRIMARY, "Willowmere"),
    ("Kestrelby Community Primary", School.Phase.PRIMARY, "Kestrelby"),
    ("Larkholt Primary Academy", School.Phase.PRIMARY, "Larkholt"),
    ("Fernleigh Academy", School.Phase.SECONDARY, "Fernleigh"),
    ("Marshcombe High School", School.Phase.SECONDARY, "Marshcombe"),
    ("Thistlewick Academy", School.Phase.SECONDARY, "Thistlewick"),
    ("Ashvale Special School", School.Phase.SPECIAL, "Ashvale"),
    ("Copperbeck Specialist Academy", School.Phase.SPECIAL, "Copperbeck"),
]
SECOND_SCHOOLS = [
    ("Heronsford Primary", School.Phase.PRIMARY, "Heronsford"),
    ("Elderholt Secondary Academy", School.Phase.SECONDARY, "Elderholt"),
]

PROVIDERS = [
    ("Brackenmoor Pupil Referral Unit", "registered", "Brackenmoor"),
    ("Willowmere Skills Centre", "unregistered", "Willowmere"),
    ("Kestrel Farm Outdoor Learning", "unregistered", "Kestrelby"),
    ("Ashvale Motor Vehicle Academy", "registered", "Ashvale"),
    ("Oakhollow Tutoring Service", "unregistered", "Oakhollow"),
    ("Thistlewick Therapeutic Education", "registered", "Thistlewick"),
    ("Larkholt Hair and Beauty Studio", "unregistered", "Larkholt"),
    ("Marshcombe Boxing and Mentoring Club", "unregistered", "Marshcombe"),
    ("Copperbeck Independent School", "registered", "Copperbeck"),
    ("Fernleigh Construction Skills Hub", "unregistered", "Fernleigh"),
    ("Riverbend Hospital Education Service", "registered", "Fernleigh"),
    ("Greenway Equine Therapy", "unregistered", "Brackenmoor"),
]

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Darius",
    "Ella",
    "Finn",
    "Grace",
    "Harvey",
    "Isla",
    "Jamal",
    "Keira",
    "Leo",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Quinn",
    "Ruby",
    "Sami",
    "Tia",
    "Umar",
    "Violet",
    "Wren",
    "Xander",
    "Yasmin",
    "Zac",
    "Aleksander",
    "Bethany",
    "Callum",
    "Daisy",
    "Ethan",
    "Freya",
    "George",
    "Hana",
    "Ibrahim",
    "Jessica",
    "Kai",
    "Lily",
    "Mason",
    "Nadia",
    "Oscar",
    "Poppy",
    "Reuben",
    "Sofia",
    "Theo",
    "Esme",
    "Rory",
    "Zara",
    "Arlo",
    "Niamh",
]
LAST_NAMES = [
    "Abbott",
    "Begum",
    "Carter",
    "Dlamini",
    "Evans",
    "Fletcher",
    "Gallagher",
    "Hussain",
    "Iqbal",
    "Jenkins",
    "Kowalski",
    "Lambert",
    "Mensah",
    "Nowak",
    "O'Connor",
    "Patel",
    "Quigley",
    "Reid",
    "Sutton",
    "Thornley",
    "Underwood",
    "Vaughan",
    "Whitfield",
    "Yilmaz",
    "Zielinski",
    "Ashworth",
    "Brennan",
    "Chowdhury",
    "Dawson",
    "Ellison",
    "Farrow",
    "Greaves",
    "Hollins",
    "Ingram",
    "Jarvis",
    "Kirkwood",
    "Lowther",
    "Marsden",
    "Naylor",
    "Okafor",
    "Pickering",
    "Rahman",
    "Shackleton",
    "Tennant",
    "Uddin",
    "Varley",
    "Wainwright",
    "Yates",
]
STAFF_FIRST = [
    "Alison",
    "Bernard",
    "Catherine",
    "David",
    "Eleanor",
    "Frank",
    "Gillian",
    "Hugh",
    "Imogen",
    "James",
    "Karen",
    "Louise",
    "Martin",
    "Nicola",
    "Owen",
    "Patricia",
    "Richard",
    "Sarah",
    "Thomas",
    "Ursula",
    "Victoria",
    "William",
    "Yvonne",
    "Adrian",
    "Beverley",
    "Colin",
]

SCHOOL_ROLE_ORDER = [
    Role.HEADTEACHER,
    Role.AP_LEAD,
    Role.DSL,
    Role.ATTENDANCE_LEAD,
    Role.ASSESSMENT_LEAD,
    Role.SENDCO,
    Role.STAFF_MEMBER,
]
ROLE_SLUG = {
    Role.HEADTEACHER: "head",
    Role.AP_LEAD: "aplead",
    Role.DSL: "dsl",
    Role.ATTENDANCE_LEAD: "attendance",
    Role.ASSESSMENT_LEAD: "assessment",
    Role.SENDCO: "sendco",
    Role.STAFF_MEMBER: "staff",
}
ROLE_TITLE = {
    Role.HEADTEACHER: "Headteacher",
    Role.AP_LEAD: "Deputy Headteacher (AP Lead)",
    Role.DSL: "Designated Safeguarding Lead",
    Role.ATTENDANCE_LEAD: "Attendance Lead",
    Role.ASSESSMENT_LEAD: "Assessment Lead",
    Role.SENDCO: "SENDCo",
    Role.STAFF_MEMBER: "Learning Mentor",
}

# Terms: (name, start, half-term break start, break end, end) for 2026-27 and 2027-28 in England.
TERMS = {
    2026: [
        (Term.Name.AUTUMN, D(2026, 9, 1), D(2026, 10, 26), D(2026, 10, 30), D(2026, 12, 18)),
        (Term.Name.SPRING, D(2027, 1, 4), D(2027, 2, 15), D(2027, 2, 19), D(2027, 3, 25)),
        (Term.Name.SUMMER, D(2027, 4, 12), D(2027, 5, 31), D(2027, 6, 4), D(2027, 7, 21)),
    ],
    2027: [
        (Term.Name.AUTUMN, D(2027, 9, 1), D(2027, 10, 25), D(2027, 10, 29), D(2027, 12, 17)),
        (Term.Name.SPRING, D(2028, 1, 4), D(2028, 2, 14), D(2028, 2, 18), D(2028, 4, 7)),
        (Term.Name.SUMMER, D(2028, 4, 24), D(2028, 5, 29), D(2028, 6, 2), D(2028, 7, 21)),
    ],
}
INSET_DAYS = {
    2026: [D(2026, 9, 1), D(2026, 9, 2), D(2027, 1, 4)],
    2027: [D(2027, 9, 1), D(2027, 9, 2), D(2028, 1, 4)],
}
# Some schools take an extra INSET day at a different time of year.
EXTRA_INSET = [D(2026, 10, 23), D(2027, 2, 22), D(2027, 6, 7), D(2027, 7, 21)]


class Command(BaseCommand):
    help = "Builds the fictional demo trusts. Refuses to run on a database that has data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already has a trust",
        )
        parser.add_argument(
            "--pupils-per-school", type=int, default=240, help="Pupils in each school (240)"
        )

    def handle(self, *args, **options):
        if Trust.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has data: the demo was not seeded again.")
                return
            raise CommandError("The database already has trusts. Seed an empty database.")
        rng = random.Random(20261128)  # noqa: S311 - demo data, not security
        with transaction.atomic():
            self.password_hash = make_password(DEMO_PASSWORD)
            main = self._trust(rng, MAIN_TRUST, MAIN_SCHOOLS, "fmat", 9100, options)
            self._trust(rng, SECOND_TRUST, SECOND_SCHOOLS, "hlp", 9200, options)
            self._cross_school_user(main)
            self._service_administrator()
        self.stdout.write(self.style.SUCCESS("Demo trusts seeded."))

    # -------------------------------------------------------------------------------------------

    def _user(self, email: str, full_name: str, job_title: str) -> User:
        user = User.objects.create(
            email=email, full_name=full_name, job_title=job_title, password=self.password_hash
        )
        TOTPDevice.objects.create(
            user=user, name="Demo authenticator", key=DEMO_TOTP_KEY_HEX, confirmed=True
        )
        device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
        StaticToken.objects.bulk_create(
            [StaticToken(device=device, token=f"demo{user.pk:04d}{i:02d}") for i in range(10)]
        )
        return user

    def _trust(self, rng, name, schools, slug, urn_base, options) -> Trust:
        trust = trust_create(name=name)
        trust_staff = [
            (Role.TRUST_ADMINISTRATOR, "admin", "Trust Data and Systems Manager"),
            (Role.TRUST_EXECUTIVE, "ceo", "Chief Executive Officer"),
            (Role.SCHOOL_IMPROVEMENT, "sit", "School Improvement Partner"),
            (Role.TRUST_SAFEGUARDING_LEAD, "safeguarding", "Trust Safeguarding Lead"),
            (Role.TRUSTEE, "trustee", "Trustee"),
        ]
        for role, role_slug, title in trust_staff:
            person = self._user(f"{role_slug}@{slug}.{DEMO_DOMAIN}", self._staff_name(rng), title)
            RoleAssignment.objects.create(user=person, role=role, trust=trust)

        for index, (school_name, phase, town) in enumerate(schools):
            school = School.objects.create(
                trust=trust,
                name=school_name,
                urn=str(urn_base * 100 + index + 1),
                phase=phase,
                address_line_1=f"{rng.randint(1, 120)} {rng.choice(['School', 'Church', 'Mill', 'Station'])} Lane",
                town=town,
                postcode=f"ZZ{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                attendance_target=rng.choice([90, 92, 94, 95]),
            )
            self._calendar(rng, school, index)
            school_slug = slugify(school_name)
            for role in SCHOOL_ROLE_ORDER:
                person = self._user(
                    f"{ROLE_SLUG[role]}.{school_slug}@{slug}.{DEMO_DOMAIN}",
                    self._staff_name(rng),
                    ROLE_TITLE[role],
                )
                RoleAssignment.objects.create(user=person, role=role, trust=trust, school=school)
            self._pupils(rng, school, urn_base + index, options["pupils_per_school"])

        providers = []
        for provider_name, registration, town in PROVIDERS:
            provider = Provider.objects.create(
                trust=trust,
                name=provider_name
                if trust.name == MAIN_TRUST
                else f"{provider_name} ({town} site)",
                registration_status=registration,
                urn=str(urn_base * 100 + 50 + rng.randint(0, 49))
                if registration == "registered"
                else "",
                address_line_1=f"Unit {rng.randint(1, 30)}, {rng.choice(['Canal', 'Forge', 'Orchard'])} Yard",
                town=town,
                postcode=f"ZZ{rng.randint(1, 9)} {rng.randint(1, 9)}QX",
                manager_name=self._staff_name(rng),
                website=f"https://{slugify(provider_name)}.example.org",
                on_la_list=rng.choice(["yes", "no"]),
                pupil_places=rng.choice([12, 20, 30, 45]),
                key_stages=rng.choice([",KS3,KS4,", ",KS4,", ",KS2,KS3,", ",KS3,KS4,KS5,"]),
                adults_over_18=rng.choice(["yes", "no"]),
                gcse_english_maths=rng.choice(["yes", "no", "n/a"]),
                gcse_five_or_more=rng.choice(["yes", "no", "n/a"]),
                exam_centre="no",
            )
            provider.sites.create(
                name="Main site",
                address_line_1=provider.address_line_1,
                town=town,
                postcode=provider.postcode,
            )
            provider.contacts.create(
                name=self._staff_name(rng),
                role="Centre manager",
                email=f"office@{slugify(provider_name)}.example.org",
            )
            if registration == "registered":
                self._inspection(rng, provider)
            providers.append(provider)
        if trust.name == MAIN_TRUST:
            self._quality_assurance(trust, providers)
            self._referrals(trust, providers)
        return trust

    def _referrals(self, trust, providers) -> None:
        """Pupils of Fernleigh Academy at each stage: support recorded, a referral waiting for the
        Headteacher, and an agreed referral with a placement being prepared."""
        from altprov.chronology.services import entry_add
        from altprov.placements.models import Placement
        from altprov.referrals import services as referrals
        from altprov.termdates.schooldays import SchoolCalendar

        school = trust.schools.get(name="Fernleigh Academy")
        ap, head, sendco = (
            RoleAssignment.objects.get(school=school, role=r).user
            for r in (Role.AP_LEAD, Role.HEADTEACHER, Role.SENDCO)
        )
        today = dt.date.today()
        days = dt.timedelta(days=1)
        pupils = list(
            school.pupils.filter(year_group=10, send_status="none", looked_after=False)[:3]
        )
        for pupil in pupils:
            pupil.needs_assessed_on = today - 40 * days
            pupil.save()
            entry_add(
                pupil=pupil,
                kind="internal_intervention",
                occurred_on=today - 90 * days,
                summary="Weekly mentoring with the learning mentor",
                impact="Attendance rose from 81% to 84%, then fell back",
                by=ap,
            )
            entry_add(
                pupil=pupil,
                kind="external_agency",
                occurred_on=today - 60 * days,
                summary="Referral to the educational psychology service",
                agency="educational_psychology",
                impact="Assessment completed; recommendations on small-group work",
                by=sendco,
            )
            entry_add(
                pupil=pupil,
                kind="meeting",
                occurred_on=today - 45 * days,
                summary="Review meeting with the pupil and parents",
                by=ap,
            )
        waiting, agreed = pupils[0], pupils[1]
        referral = referrals.referral_create(
            pupil=waiting,
            reasons=["exclusion_risk", "academic_social_demands"],
            other_reason="",
            route="school_directed",
            by=ap,
        )
        referrals.referral_submit(referral=referral, by=ap)
        referral = referrals.referral_create(
            pupil=agreed,
            reasons=["wider_curriculum"],
            other_reason="",
            route="school_directed",
            by=ap,
        )
        referrals.referral_submit(referral=referral, by=ap)
        referrals.referral_decide(
            referral=referral,
            decision="approved",
            rationale="Mentoring and EP advice have not re-engaged him; a vocational course will.",
            by=head,
        )
        referrals.meeting_record(
            referral=referral,
            by=ap,
            data={
                "held_on": today - 5 * days,
                "attendees": f"{head}, Headteacher\n{ap}, AP Lead\nParent\nPupil",
                "pupil_attended": True,
                "parents_attended": True,
                "reasons_explained": "Explained the chronology and what the placement is for",
                "pupil_views": "Keen on the motor vehicle course",
                "parent_views": "Supportive; asked about transport",
            },
        )
        referrals.agreement_record(
            referral=referral,
            by=ap,
            data={
                "responsibilities": "School: transport and pastoral contact. Provider: teaching and daily attendance.",
                "contact_timescales": "Weekly call between the AP Lead and the provider; fortnightly call home",
                "safeguarding_route": "The provider phones the school's DSL the same day",
                "maximum_weeks": 12,
                "response": "agreed",
                "responded_on": today - 4 * days,
            },
        )
        start = SchoolCalendar.for_school(school).nth_school_day(today, 15)
        placement = Placement.objects.create(
            referral=referral,
            provider=providers[0],
            start_date=start,
            planned_end_date=start + 10 * 7 * days,
            weekly_cost=240,
            created_by=ap,
        )
        for day in (0, 2, 3):
            placement.sessions.create(day=day, starts_at=dt.time(9, 15), ends_at=dt.time(12, 15))

    def _inspection(self, rng, provider) -> None:
        scheme = rng.choice(["legacy", "sub_judgements", "report_card"])
        if scheme == "legacy":
            provider.inspections.create(
                scheme=scheme,
                inspection_date=D(2023, rng.randint(1, 12), rng.randint(1, 28)),
                overall_grade=rng.choice([1, 2, 2, 3]),
                judgements={"quality_of_education": rng.choice([1, 2, 3])},
                safeguarding="effective",
            )
        elif scheme == "sub_judgements":
            areas = [
                "quality_of_education",
                "behaviour_and_attitudes",
                "personal_development",
                "leadership_and_management",
            ]
            provider.inspections.create(
                scheme=scheme,
                inspection_date=D(2025, rng.randint(1, 9), rng.randint(1, 28)),
                judgements={a: rng.choice([1, 2, 2, 3]) for a in areas},
                safeguarding="effective",
            )
        else:
            areas = [
                "inclusion",
                "curriculum_and_teaching",
                "achievement",
                "attendance_and_behaviour",
                "personal_development_and_wellbeing",
                "leadership_and_governance",
            ]
            provider.inspections.create(
                scheme=scheme,
                inspection_date=D(2026, rng.randint(1, 10), rng.randint(1, 28)),
                judgements={
                    a: rng.choice(["strong", "expected", "expected", "needs_attention"])
                    for a in areas
                },
                safeguarding="met",
            )

    def _quality_assurance(self, trust, providers) -> None:
        """Audits and letters that give the register every status a provider can have (R-5.6)."""
        from altprov.provider_audits.demo import audit_completed
        from altprov.providers.services import letter_add

        today = dt.date.today()

        def staff(school, role):
            return RoleAssignment.objects.get(school=school, role=role).user

        def letter(provider, by, received, renewal=None):
            upload = SimpleUploadedFile("letter-of-comfort.pdf", DEMO_PDF, "application/pdf")
            letter_add(
                provider=provider,
                received_on=received,
                signatory_name=provider.manager_name,
                signatory_role="Centre manager",
                upload=upload,
                renewal_due=renewal,
                school=None,
                by=by,
            )

        fernleigh = trust.schools.get(name="Fernleigh Academy")
        marshcombe = trust.schools.get(name="Marshcombe High School")
        ap, dsl, head = (staff(fernleigh, r) for r in (Role.AP_LEAD, Role.DSL, Role.HEADTEACHER))
        signed = {"by": ap, "dsl": dsl, "sign_off_by": head}
        days = dt.timedelta(days=1)
        pru, skills, farm, motor, tutoring, therapeutic, hair, _boxing, independent = providers[:9]
        audit_completed(pru, fernleigh, visit=today - 60 * days, **signed)
        letter(pru, ap, today - 50 * days)
        audit_completed(
            skills,
            fernleigh,
            visit=today - 30 * days,
            next_steps="Send the updated risk assessment for the workshop",
            reported_full_time=2,
            **signed,
        )
        letter(skills, ap, today - 25 * days)
        audit_completed(
            farm,
            fernleigh,
            visit=today - 20 * days,
            reported_full_time=5,
            reported_ehcp=1,
            **signed,
        )
        letter(farm, ap, today - 20 * days)
        audit_completed(motor, fernleigh, visit=today - 400 * days, **signed)
        letter(motor, ap, today - 100 * days)
        audit_completed(
            tutoring, fernleigh, visit=today - 90 * days, reported_full_time=1, **signed
        )
        letter(tutoring, ap, today - 380 * days, renewal=today - 15 * days)
        audit_completed(therapeutic, fernleigh, visit=today - 45 * days, suitable=False, **signed)
        audit_completed(hair, fernleigh, by=ap)  # in progress: ready for the DSL
        m_ap, m_dsl, m_head = (
            staff(marshcombe, r) for r in (Role.AP_LEAD, Role.DSL, Role.HEADTEACHER)
        )
        audit_completed(
            independent,
            marshcombe,
            visit=today - 100 * days,
            by=m_ap,
            dsl=m_dsl,
            sign_off_by=m_head,
        )
        letter(independent, m_ap, today - 100 * days)

    def _staff_name(self, rng) -> str:
        return f"{rng.choice(STAFF_FIRST)} {rng.choice(LAST_NAMES)}"

    def _calendar(self, rng, school: School, index: int) -> None:
        for year_start, terms in TERMS.items():
            year = AcademicYear.objects.create(
                school=school, start=D(year_start, 9, 1), end=D(year_start + 1, 8, 31)
            )
            for name, start, break_start, break_end, end in terms:
                Term.objects.create(
                    academic_year=year,
                    name=name,
                    start=start,
                    half_term_break_start=break_start,
                    half_term_break_end=break_end,
                    end=end,
                )
            for day in INSET_DAYS[year_start]:
                ClosureDay.objects.create(school=school, date=day, kind=ClosureDay.Kind.INSET)
        extra = EXTRA_INSET[index % len(EXTRA_INSET)]
        ClosureDay.objects.create(school=school, date=extra, kind=ClosureDay.Kind.INSET)
        if index % 5 == 0:
            ClosureDay.objects.create(
                school=school,
                date=D(2027, 5, 6),
                kind=ClosureDay.Kind.CLOSURE,
                description="Polling station",
            )

    def _pupils(self, rng, school: School, establishment: int, count: int) -> None:
        if school.phase == School.Phase.PRIMARY:
            years = list(range(0, 7))
        elif school.phase == School.Phase.SECONDARY:
            years = list(range(7, 12))
        else:
            years = list(range(3, 12))
        pupils = []
        for serial in range(count):
            year_group = years[serial % len(years)]
            # Pupils in year N were born between 1 Sep and 31 Aug, N+5 years before this September.
            born_from = D(2026 - year_group - 5, 9, 1)
            birthday = born_from + dt.timedelta(days=rng.randint(0, 364))
            send = rng.choices(
                [Pupil.SendStatus.NONE, Pupil.SendStatus.SEN_SUPPORT, Pupil.SendStatus.EHCP],
                weights=[82, 14, 4] if school.phase != School.Phase.SPECIAL else [0, 10, 90],
            )[0]
            pupils.append(
                Pupil(
                    school=school,
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    date_of_birth=birthday,
                    upn=make_upn(999, establishment % 10000, 2000 + year_group, serial),
                    year_group=year_group,
                    send_status=send,
                    looked_after=rng.random() < 0.02,
                )
            )
        for pupil in pupils:
            if pupil.send_status == Pupil.SendStatus.EHCP:
                pupil.ehcp_local_authority = "Fernleigh Borough Council"
                pupil.la_caseworker_name = self._staff_name(rng)
                pupil.la_caseworker_email = "send.casework@fernleigh-borough.example.org"
            if pupil.looked_after:
                pupil.social_worker_name = self._staff_name(rng)
                pupil.social_worker_phone = f"01632 96{rng.randint(1000, 9999)}"
                pupil.virtual_school_head_name = "Dana Whitlock"
                pupil.virtual_school_head_email = "virtual.school@fernleigh-borough.example.org"
            if pupil.send_status != Pupil.SendStatus.NONE and rng.random() < 0.35:
                pupil.semh_needs = rng.choice(
                    [
                        "Anxiety about crowded spaces",
                        "Low mood; CAMHS waiting list",
                        "Difficulty regulating anger",
                    ]
                )
        created = Pupil.objects.bulk_create(pupils)
        Carer.objects.bulk_create(
            Carer(
                pupil=pupil,
                name=f"{rng.choice(STAFF_FIRST)} {pupil.last_name}",
                relationship="Foster carer"
                if pupil.looked_after
                else rng.choice(["Mother", "Father", "Grandmother"]),
                phone=f"07700 9{rng.randint(10000, 99999)}",
                parental_responsibility=not pupil.looked_after,
                priority=1,
            )
            for pupil in created
        )

    def _service_administrator(self) -> None:
        """R-5.2: the one demo account outside both trusts, which imports the GIAS register."""
        person = self._user(f"service@{DEMO_DOMAIN}", "Sam Okafor", "Service administrator")
        RoleAssignment.objects.create(user=person, role=Role.SERVICE_ADMINISTRATOR)

    def _cross_school_user(self, trust: Trust) -> None:
        """An AP Lead who works across two schools, to show the school switcher."""
        schools = list(trust.schools.order_by("name")[:2])
        person = self._user(
            f"aplead.shared@fmat.{DEMO_DOMAIN}", "Morgan Ashworth", "AP Lead (two schools)"
        )
        for school in schools:
            RoleAssignment.objects.create(
                user=person, role=Role.AP_LEAD, trust=trust, school=school
            )
        if not settings.DEMO_MODE:
            self.stdout.write(
                self.style.WARNING(
                    "ALTPROV_DEMO is off: the demo accounts exist but the sign-in page will not "
                    "show their codes."
                )
            )
