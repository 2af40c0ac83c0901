"""Appendix 1 of the trust's policy, "Use of Alternative Provision: Audit and Risk Assessment", as
data (R-5.3). The form, the task list, the completeness checks and the PDF all read these
declarations, so the appendix's order and words live in one place.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str = ""
    questions: tuple[Question, ...] = field(default_factory=tuple)
    unregistered_only: bool = False

    @property
    def is_question_section(self) -> bool:
        return bool(self.questions)


POLICY_DOCUMENTS: tuple[tuple[str, str], ...] = (
    (
        "safeguarding_policy",
        "Safeguarding and Child Protection Policy, which includes most recent KCSIE updates, details "
        "who is the DSL and outlines the process for sharing information about safeguarding concerns",
    ),
    ("safeguarding_training", "Records of Staff Safeguarding Training"),
    ("safer_recruitment", "Safer Recruitment and Selection of Staff Policy"),
    ("single_central_record", "Single Central Record"),
    ("code_of_conduct", "Staff Code of Conduct"),
    ("send_policy", "SEND Policy"),
    ("health_and_safety", "Health & Safety Policy, with accident reporting protocol"),
    ("complaints", "Complaints Policy"),
    ("rse_pshe", "RSE/PSHE Policy"),
    ("risk_assessments", "Risk Assessments for activities pupils will undertake"),
    ("anti_bullying", "Anti Bullying Policy"),
)

UNREGISTERED_QUESTIONS: tuple[Question, ...] = (
    Question(
        "legal_requirements",
        "What do you understand in terms of the legal requirements for an education provider "
        "needing to register as an independent school?",
    ),
    Question(
        "threshold_systems",
        "What systems do you have in place to enable you to know whether you have met this threshold?",
    ),
    Question("pupil_profile", "What is the profile of current pupils?"),
    Question(
        "looked_after_or_ehcp", "Do you have any pupils who are looked-after or have an EHCP?"
    ),
    Question(
        "full_time_offer",
        "Do you offer full-time placements?",
        "Full-time is usually around 18 hours per week, but a pupil receiving less than 18 hours "
        "could still be considered full-time if the provider is the sole provision for that pupil",
    ),
    Question(
        "full_time_looked_after_or_ehcp",
        "Are any of the full-time pupils looked after or have an EHCP? If so, how many?",
    ),
    Question(
        "typical_hours",
        "How many hours do full-time/part-time pupils typically receive each week?",
    ),
)

SAFEGUARDING = Section(
    "safeguarding",
    "1. Safeguarding",
    questions=(
        Question("policies_in_place", "Are all safeguarding policies in place?"),
        Question("annual_training", "Have all staff completed annual safeguarding training?"),
        Question("safeguarding_audit", "Has the provision completed a safeguarding audit?"),
        Question("pastoral_support", "How does the AP support pupils pastorally?"),
        Question(
            "who_to_speak_to",
            "If our pupil has concerns about safeguarding or well-being, who do they speak to?",
        ),
        Question("observations", "Observations during visit:"),
        Question(
            "external_agencies",
            "What external agencies does the AP work with?",
            "You might want to ask about how the AP works with: Social Care; Educational "
            "psychology services; CAMHS; Youth offending teams; Drug support services",
        ),
    ),
)

QUALITY_OF_EDUCATION = Section(
    "quality",
    "2. Quality of Education",
    questions=(
        Question(
            "ofsted_quality",
            "How did Ofsted judge the quality of education in the last report?",
        ),
        Question(
            "observations",
            "Observations during visit:",
            "Look for: pupil engagement; pupil behaviour; pastoral support; quality of teaching; "
            "adult-pupil interaction; the needs of pupils with special educational needs and/or "
            "disabilities are being met",
        ),
        Question(
            "curriculum",
            "How is the curriculum organised?",
            "Consider: long-term plans, medium-term plans and weekly timetables, and whether these "
            "are in line with your school's curriculum (especially in English, maths and science); "
            "whether lessons are differentiated to meet all pupils' needs",
        ),
        Question(
            "lesson_planning",
            "How do teachers plan their lessons?",
            "Look at: books; displays; talk to staff",
        ),
        Question(
            "assessment",
            "How does the AP assess learning, what pupil progress checks are in place?",
        ),
        Question("extra_curricular", "What extra-curricular opportunities does the AP offer?"),
    ),
)

TRANSITION = Section(
    "transition",
    "3. Transition procedures",
    questions=(
        Question("induction", "What are the AP's induction arrangements?"),
        Question("tasters", "Does the AP offer taster sessions/pupil visits?"),
        Question(
            "return_to_mainstream",
            "What is the process for transition from AP back into mainstream education?",
            "Consider: how frequently this is reviewed; what are the determining factors/evidence; "
            "who is involved in the process; can they share a positive example",
        ),
    ),
)

COMMUNICATION = Section(
    "communication",
    "4. Communication and Information Sharing",
    questions=(
        Question("attendance_tracking", "How does the AP track pupil attendance?"),
        Question(
            "absence_notification", "What is the process for notifying schools of pupil absence?"
        ),
        Question(
            "sharing_concerns",
            "How do we share concerns regarding one of our pupils attending AP?",
        ),
        Question("progress_information", "How will be we informed of pupil progress?"),
        Question("parent_communication", "How does the AP communicate with parents/carers?"),
        Question(
            "review_frequency",
            "How regular are reviews scheduled between parents, school and other professionals?",
        ),
    ),
)

AUDIT_SECTIONS = (SAFEGUARDING, QUALITY_OF_EDUCATION, TRANSITION, COMMUNICATION)

# The task list, in the appendix's order.
SECTIONS: tuple[Section, ...] = (
    Section(
        "visit", "Visit details", "Date and time of the visit, who went and who completed the audit"
    ),
    Section("registration", "Checks undertaken on provider's registration status"),
    Section("profile", "Provision profile"),
    Section(
        "documents",
        "Provision documentation",
        "Please check to ensure that the provision has the following policies in place, and they "
        "are up to date, and state 'yes, seen' or 'no'. Where it is possible to do so, please "
        "provide a link to policies.",
    ),
    Section(
        "unregistered",
        "Unregistered providers only",
        "Please discuss with the AP headteacher or manager and record responses.",
        unregistered_only=True,
    ),
    *AUDIT_SECTIONS,
    Section("next_steps", "Next steps: owners and due dates"),
    Section("outcome", "Audit outcomes"),
)
SECTIONS_BY_KEY = {s.key: s for s in SECTIONS}
QUESTION_SECTIONS = {s.key: s for s in AUDIT_SECTIONS}


def question_key(section: Section, question: Question) -> str:
    return f"{section.key}.{question.key}"


ALL_QUESTIONS: dict[str, tuple[Section, Question]] = {
    question_key(s, q): (s, q) for s in AUDIT_SECTIONS for q in s.questions
}
