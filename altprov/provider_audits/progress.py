"""What is done and what is left in an audit: one status per section of the task list, and the
list of everything sign-off still needs (R-5.3, R-5.4)."""

from dataclasses import dataclass

from altprov.evidence.services import with_earlier_versions

from .appendix import POLICY_DOCUMENTS, SECTIONS, UNREGISTERED_QUESTIONS, Section, question_key
from .models import AuditPerson, ProviderAudit

COMPLETED, IN_PROGRESS, NOT_STARTED, NOT_NEEDED = (
    "completed",
    "in_progress",
    "not_started",
    "not_needed",
)


@dataclass
class SectionProgress:
    section: Section
    status: str
    missing: list[str]

    @property
    def label(self) -> str:
        return {
            COMPLETED: "Completed",
            IN_PROGRESS: "In progress",
            NOT_STARTED: "Not yet started",
            NOT_NEEDED: "Not needed",
        }[self.status]


class AuditSnapshot:
    """An audit with its people, documents, answers and actions loaded once (4 queries, and one
    more for the earlier versions of its evidence files when it has any)."""

    def __init__(self, audit: ProviderAudit):
        self.audit = audit
        self.people = list(audit.people.all())
        self.documents = {d.key: d for d in audit.documents.select_related("evidence")}
        self.answers = {a.key: a for a in audit.answers.select_related("evidence")}
        self.actions = list(audit.actions.select_related("owner", "done_by"))
        with_earlier_versions(
            [d.evidence for d in self.documents.values()]
            + [a.evidence for a in self.answers.values()]
        )

    def answer(self, key: str):
        return self.answers.get(key)

    def uploaded_in(self, section: Section) -> list[tuple[str, object]]:
        """The evidence files uploaded in this section, each with what it is for (its earlier
        versions on it), for the section's page."""
        if section.key == "documents":
            rows = [(text, self.documents.get(key)) for key, text in POLICY_DOCUMENTS]
        else:
            rows = [(q.text, self.answers.get(question_key(section, q))) for q in section.questions]
        return [(text, row.evidence) for text, row in rows if row is not None and row.evidence_id]


def _status(filled: int, total: int, missing: list[str]) -> str:
    if not missing:
        return COMPLETED
    return IN_PROGRESS if filled else NOT_STARTED


def section_progress(snapshot: AuditSnapshot, section: Section) -> SectionProgress:
    audit = snapshot.audit
    missing: list[str] = []
    filled = 0
    if section.unregistered_only and not audit.for_unregistered:
        return SectionProgress(section, NOT_NEEDED, [])
    if section.key == "visit":
        checks = [
            (audit.visit_at is not None, "the date and time of the visit"),
            (
                any(p.kind == AuditPerson.Kind.VISIT for p in snapshot.people),
                "the staff involved in the visit",
            ),
            (
                any(p.kind == AuditPerson.Kind.COMPLETED_BY for p in snapshot.people),
                "who completed the audit",
            ),
        ]
    elif section.key == "registration":
        checks = [
            (bool(audit.registration_status), "the status of registration"),
            (bool(audit.on_la_list), "whether the provider is on the LA providers list"),
        ]
        if audit.registration_status == ProviderAudit.Registration.REGISTERED:
            checks += [
                (bool(audit.dfe_number), "the DfE number"),
                (bool(audit.ofsted_inspection_date), "the date of the Ofsted inspection"),
                (bool(audit.ofsted_grading), "the Ofsted grading"),
                (bool(audit.ofsted_safeguarding), "the Ofsted judgement of safeguarding"),
            ]
    elif section.key == "profile":
        checks = [
            (audit.pupil_places is not None, "the number of pupil places"),
            (bool(audit.key_stages), "the key stages available"),
            (bool(audit.adults_over_18), "whether adults over 18 are offered places"),
            (bool(audit.gcse_english_maths), "whether English and maths GCSE are offered"),
            (bool(audit.gcse_five_or_more), "whether five or more GCSEs are offered"),
            (bool(audit.exam_centre), "whether it is a registered exam centre"),
        ]
        if audit.exam_centre == "yes":
            checks.append((bool(audit.exam_centre_number), "the exam centre number"))
    elif section.key == "documents":
        checks = [
            (
                bool(snapshot.documents.get(key) and snapshot.documents[key].answer),
                f"'{text.split(',')[0]}'",
            )
            for key, text in POLICY_DOCUMENTS
        ]
    elif section.key == "unregistered":
        checks = [
            (
                bool(
                    snapshot.answer(f"unregistered.{q.key}")
                    and snapshot.answer(f"unregistered.{q.key}").findings
                ),
                f"'{q.text}'",
            )
            for q in UNREGISTERED_QUESTIONS
        ] + [
            (audit.reported_full_time_pupils is not None, "how many full-time pupils it has"),
            (
                audit.reported_full_time_looked_after is not None,
                "how many of them are looked after",
            ),
            (audit.reported_full_time_ehcp is not None, "how many of them have an EHC plan"),
            (audit.reported_full_time_sen_support is not None, "how many of them have SEN support"),
        ]
    elif section.is_question_section:
        checks = []
        for question in section.questions:
            answer = snapshot.answer(question_key(section, question))
            checks.append(
                (bool(answer and answer.findings.strip()), f"findings for '{question.text}'")
            )
    elif section.key == "next_steps":
        checks = [
            (
                bool(action.owner_id and action.due_on),
                f"an owner and due date for '{action.description[:50]}'",
            )
            for action in snapshot.actions
        ]
        if not snapshot.actions:
            return SectionProgress(section, NOT_NEEDED, [])
    elif section.key == "outcome":
        checks = [
            (audit.suitable is not None, "whether the AP is considered suitable"),
            (bool(audit.outcome_reason.strip()), "the reason for your judgement"),
        ]
        if audit.for_unregistered:
            checks.append(
                (
                    bool(audit.sit_discussion.strip()),
                    "the discussion with the School Improvement Team",
                )
            )
    else:  # pragma: no cover - every section of the appendix is handled above
        raise ValueError(section.key)
    for ok, what in checks:
        if ok:
            filled += 1
        else:
            missing.append(what)
    return SectionProgress(section, _status(filled, len(checks), missing), missing)


def progress(snapshot: AuditSnapshot) -> list[SectionProgress]:
    return [section_progress(snapshot, section) for section in SECTIONS]


def sign_off_blockers(snapshot: AuditSnapshot) -> list[str]:
    """Everything that stops the Headteacher signing off, in words."""
    blockers = [
        f"Complete '{p.section.title}': {', '.join(p.missing[:3])}{'…' if len(p.missing) > 3 else ''}"
        for p in progress(snapshot)
        if p.status in (IN_PROGRESS, NOT_STARTED)
    ]
    if snapshot.audit.dsl_confirmed_at is None:
        blockers.append("The DSL must confirm the safeguarding section")
    return blockers


def audit_state(snapshot: AuditSnapshot, sections: list[SectionProgress]) -> str:
    """What the audit waits for, in words (R-5.3, R-5.4): the sections, then the DSL's
    confirmation of the safeguarding section, then the Headteacher's sign-off."""
    if snapshot.audit.signed_off_at is not None:
        return "Audit signed off"
    if any(p.status in (IN_PROGRESS, NOT_STARTED) for p in sections):
        return "Audit incomplete"
    if snapshot.audit.dsl_confirmed_at is None:
        return "Waiting for the DSL to confirm the safeguarding section"
    return "Waiting for the Headteacher's sign-off"
