"""What the API returns. Every pupil a row names is recorded as shown (X-1): the access log is
written from that, as for a page. This file reads the stored names (`first_name`, `last_name`)
because an MIS needs them apart; it calls `pupil_shown` for each pupil it names."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from altprov.attendance.codes import CODES
from altprov.audit.shown import pupil_shown
from altprov.placements.status import placement_status
from altprov.providers.suitability import Suitability


class PupilSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    upn = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    year_group = serializers.IntegerField(help_text="National curriculum year: 0 is Reception")

    def to_representation(self, pupil):
        pupil_shown(pupil)
        return {
            "id": pupil.pk,
            "upn": pupil.upn,
            "first_name": pupil.first_name,
            "last_name": pupil.last_name,
            "year_group": pupil.year_group,
        }


class ProviderBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    urn = serializers.CharField(help_text="Blank for a provider with no DfE number")
    ukprn = serializers.CharField()


class SessionSerializer(serializers.Serializer):
    day = serializers.ChoiceField(choices=["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()

    def to_representation(self, session):
        return {
            "day": session.get_day_display(),
            "starts_at": session.starts_at.strftime("%H:%M"),
            "ends_at": session.ends_at.strftime("%H:%M"),
        }


class StatusSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["planned", "starting", "attending", "ended"])
    label = serializers.CharField()


class PlacementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pupil = PupilSerializer()
    school_urn = serializers.CharField()
    provider = ProviderBriefSerializer()
    start_date = serializers.DateField()
    planned_end_date = serializers.DateField()
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    status = StatusSerializer(help_text="As the service shows it (placements.status)")
    weekly_pattern = SessionSerializer(many=True)
    hours_per_week = serializers.DecimalField(max_digits=5, decimal_places=2)

    def to_representation(self, placement):
        pupil = placement.referral.pupil
        status = placement_status(placement, timezone.localdate())
        provider = placement.provider
        sessions = list(placement.sessions.all())
        return {
            "id": placement.pk,
            "pupil": PupilSerializer().to_representation(pupil),
            "school_urn": pupil.school.urn,
            "provider": {
                "id": provider.pk,
                "name": provider.name,
                "urn": provider.urn,
                "ukprn": provider.ukprn,
            },
            "start_date": placement.start_date,
            "planned_end_date": placement.planned_end_date,
            "started_on": placement.started_on,
            "ended_on": placement.ended_on,
            "status": {"key": status.key, "label": status.label},
            "weekly_pattern": [SessionSerializer().to_representation(s) for s in sessions],
            "hours_per_week": f"{sum((s.hours for s in sessions), 0):.2f}",
        }


class MarkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    placement_id = serializers.IntegerField()
    pupil = PupilSerializer()
    school_urn = serializers.CharField()
    date = serializers.DateField()
    session = serializers.ChoiceField(choices=["AM", "PM"])
    code = serializers.CharField(help_text="The 2024 attendance or absence code")
    code_label = serializers.CharField()
    entered_by = serializers.CharField(help_text="The person, or the API client, who entered it")
    entered_at = serializers.DateTimeField()

    def to_representation(self, mark):
        pupil = mark.placement.referral.pupil
        code = CODES.get(mark.code)
        return {
            "id": mark.pk,
            "placement_id": mark.placement_id,
            "pupil": PupilSerializer().to_representation(pupil),
            "school_urn": pupil.school.urn,
            "date": mark.date.isoformat(),
            "session": mark.session,
            "code": mark.code,
            "code_label": code.label if code else mark.code,
            "entered_by": str(mark.entered_by),
            "entered_at": serializers.DateTimeField().to_representation(mark.entered_at),
        }


class MarkInSerializer(serializers.Serializer):
    """One mark to save (for the schema: the rows are checked by the CSV import's rules)."""

    upn = serializers.CharField(help_text="The pupil's unique pupil number")
    date = serializers.CharField(help_text="The day of the session: YYYY-MM-DD (or DD/MM/YYYY)")
    session = serializers.CharField(help_text="AM or PM")
    code = serializers.CharField(help_text="The 2024 code, such as B, I, N, C2 or Y1")


class MarksInSerializer(serializers.Serializer):
    school = serializers.CharField(
        required=False, help_text="The school's URN: required with a token for the whole trust"
    )
    marks = MarkInSerializer(many=True)


class SavedSerializer(serializers.Serializer):
    added = serializers.IntegerField()
    corrected = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    follow_ups = serializers.IntegerField(help_text="Unauthorised absences now to follow up")


class RefusedRowSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="The mark's place in the list, from 0")
    field = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class RefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    refused = RefusedRowSerializer(many=True)


class SuitabilitySerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class ProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    registration_status = serializers.ChoiceField(choices=["registered", "unregistered"])
    urn = serializers.CharField()
    ukprn = serializers.CharField()
    address_line_1 = serializers.CharField()
    address_line_2 = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    manager_name = serializers.CharField()
    website = serializers.CharField()
    key_stages = serializers.ListField(child=serializers.CharField())
    pupil_places = serializers.IntegerField(allow_null=True)
    suitability = SuitabilitySerializer(help_text="From its audit and letter of comfort (R-5)")

    def to_representation(self, provider):
        suitability = Suitability(provider.suitability)
        return {
            "id": provider.pk,
            "name": provider.name,
            "registration_status": provider.registration_status,
            "urn": provider.urn,
            "ukprn": provider.ukprn,
            "address_line_1": provider.address_line_1,
            "address_line_2": provider.address_line_2,
            "town": provider.town,
            "postcode": provider.postcode,
            "manager_name": provider.manager_name,
            "website": provider.website,
            "key_stages": [k for k in provider.key_stages.split(",") if k],
            "pupil_places": provider.pupil_places,
            "suitability": {"key": suitability.value, "label": suitability.label},
        }


class CensusRowSerializer(serializers.Serializer):
    upn = serializers.CharField()
    urn = serializers.CharField(help_text="The provider's URN")
    ukprn = serializers.CharField(help_text="The provider's UKPRN, where it has no URN")
    setting_type = serializers.CharField(help_text="NFE, OOT, OTH or WBP, where neither")
    entry = serializers.DateField()
    leaving = serializers.DateField(allow_null=True)
    reason = serializers.CharField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    pattern = serializers.ChoiceField(choices=["Full-time", "Part-time"])


class CensusSerializer(serializers.Serializer):
    school_urn = serializers.CharField()
    census_date = serializers.DateField()
    rows = CensusRowSerializer(many=True)
