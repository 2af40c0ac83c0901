"""The invented names, places and dates of the demo. Nothing here is real."""

import datetime as dt

from altprov.authz.permissions import Role
from altprov.organisations.models import School
from altprov.termdates.models import Term

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
    Role.LAC_MEMBER,
]
ROLE_SLUG = {
    Role.HEADTEACHER: "head",
    Role.AP_LEAD: "aplead",
    Role.DSL: "dsl",
    Role.ATTENDANCE_LEAD: "attendance",
    Role.ASSESSMENT_LEAD: "assessment",
    Role.SENDCO: "sendco",
    Role.STAFF_MEMBER: "staff",
    Role.LAC_MEMBER: "lac",
}
ROLE_TITLE = {
    Role.HEADTEACHER: "Headteacher",
    Role.AP_LEAD: "Deputy Headteacher (AP Lead)",
    Role.DSL: "Designated Safeguarding Lead",
    Role.ATTENDANCE_LEAD: "Attendance Lead",
    Role.ASSESSMENT_LEAD: "Assessment Lead",
    Role.SENDCO: "SENDCo",
    Role.STAFF_MEMBER: "Learning Mentor",
    Role.LAC_MEMBER: "Local academy committee member",
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


def staff_name(rng) -> str:
    return f"{rng.choice(STAFF_FIRST)} {rng.choice(LAST_NAMES)}"
