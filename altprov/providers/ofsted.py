"""Ofsted's three schemes, as data (R-5.1; ../reference/domain.md). Grades are never compared
across schemes: each outcome is shown in its own scheme's words, beside its inspection date."""

from dataclasses import dataclass

from .models import OfstedInspection

LEGACY_GRADES = [(1, "Outstanding"), (2, "Good"), (3, "Requires improvement"), (4, "Inadequate")]
REPORT_CARD_GRADES = [
    ("exceptional", "Exceptional"),
    ("strong", "Strong standard"),
    ("expected", "Expected standard"),
    ("needs_attention", "Needs attention"),
    ("urgent_improvement", "Urgent improvement"),
]
EFFECTIVE = [("effective", "Effective"), ("not_effective", "Not effective")]
MET = [("met", "Met"), ("not_met", "Not met")]


@dataclass(frozen=True)
class SchemeDefinition:
    areas: tuple[tuple[str, str], ...]
    grades: list
    safeguarding: list
    has_overall_grade: bool
    areas_required: bool


SCHEMES = {
    OfstedInspection.Scheme.LEGACY: SchemeDefinition(
        areas=(("quality_of_education", "Quality of education"),),
        grades=LEGACY_GRADES,
        safeguarding=EFFECTIVE,
        has_overall_grade=True,
        areas_required=False,
    ),
    OfstedInspection.Scheme.SUB_JUDGEMENTS: SchemeDefinition(
        areas=(
            ("quality_of_education", "Quality of education"),
            ("behaviour_and_attitudes", "Behaviour and attitudes"),
            ("personal_development", "Personal development"),
            ("leadership_and_management", "Leadership and management"),
        ),
        grades=LEGACY_GRADES,
        safeguarding=EFFECTIVE,
        has_overall_grade=False,
        areas_required=True,
    ),
    OfstedInspection.Scheme.REPORT_CARD: SchemeDefinition(
        areas=(
            ("inclusion", "Inclusion"),
            ("curriculum_and_teaching", "Curriculum and teaching"),
            ("achievement", "Achievement"),
            ("attendance_and_behaviour", "Attendance and behaviour"),
            ("personal_development_and_wellbeing", "Personal development and well-being"),
            ("leadership_and_governance", "Leadership and governance"),
        ),
        grades=REPORT_CARD_GRADES,
        safeguarding=MET,
        has_overall_grade=False,
        areas_required=True,
    ),
}


def describe(inspection: OfstedInspection) -> list[tuple[str, str]]:
    """(label, outcome) pairs in the scheme's own words, starting with the date."""
    scheme = SCHEMES[OfstedInspection.Scheme(inspection.scheme)]
    grade_words = {str(k): v for k, v in scheme.grades}
    rows = [
        ("Inspected", f"{inspection.inspection_date:%-d %B %Y}"),
        ("Scheme", inspection.get_scheme_display()),
    ]
    if scheme.has_overall_grade and inspection.overall_grade:
        rows.append(("Overall grade", grade_words[str(inspection.overall_grade)]))
    for key, label in scheme.areas:
        value = inspection.judgements.get(key)
        if value not in (None, ""):
            rows.append((label, grade_words.get(str(value), str(value))))
    rows.append(("Safeguarding", dict(scheme.safeguarding).get(inspection.safeguarding, "")))
    return rows


def summary(inspection: OfstedInspection | None) -> str:
    """One line for lists and the audit: the outcome with its date."""
    if inspection is None:
        return "No Ofsted inspection recorded"
    rows = dict(describe(inspection))
    headline = (
        rows.get("Overall grade")
        or rows.get("Quality of education")
        or rows.get("Curriculum and teaching", "")
    )
    return f"{headline} (inspected {rows['Inspected']}, {inspection.get_scheme_display().split(' (')[0].lower()})"
