"""The API's endpoints under /api/v1/ (issue 9). Each reads through the token's scope (its trust
or its one school): anything outside it is 404, as for a page (R-10.2, X-5). Lists are cursor
pages in a fixed number of queries whatever the number of rows. Responses that name pupils are
written to the access log by `AccessLogMiddleware`, naming the client (X-1)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from altprov.attendance.importing import attending_by_upn, check_rows
from altprov.attendance.models import AttendanceMark
from altprov.attendance.services import marks_save
from altprov.organisations.services import settings_for
from altprov.placements.models import Placement
from altprov.providers.models import Provider
from altprov.providers.suitability import with_suitability
from altprov.reports.census import census_table
from altprov.termdates.schooldays import SchoolCalendar

from . import serializers as s
from .access import school_asked, schools_in_scope

MAX_MARKS = 5000
EARLIEST = dt.date(2000, 1, 1)


class Pages(CursorPagination):
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "id"


SCHOOL = OpenApiParameter("school", str, description="A school's URN (within the token's scope)")
FROM = OpenApiParameter("from", dt.date, description="From this date (YYYY-MM-DD)")
TO = OpenApiParameter("to", dt.date, description="To this date (YYYY-MM-DD), included")


class Filters(serializers.Serializer):
    school = serializers.CharField(required=False, max_length=20)
    placement = serializers.IntegerField(required=False, min_value=1, max_value=2_147_483_647)
    status = serializers.ChoiceField(choices=Placement.Status.values, required=False)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        errors = {}
        for name in ("from", "to"):
            raw = data.get(name)
            if raw in (None, ""):
                continue
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                errors[name] = [f"Enter {name} as a date like 2026-11-02"]
                continue
            if not EARLIEST <= day <= dt.date(2100, 12, 31):
                errors[name] = [f"Enter {name} as a date from 2000 to 2100"]
                continue
            values[name] = day
        if not errors and values.get("from") and values.get("to") and values["to"] < values["from"]:
            errors["to"] = ["The date to must be the same as or after the date from"]
        if errors:
            raise ValidationError(errors)
        return values


def filters_of(request) -> dict:
    form = Filters(data=request.query_params)
    form.is_valid(raise_exception=True)
    return form.validated_data


@extend_schema(
    summary="Placements of the token's schools",
    parameters=[
        SCHOOL,
        FROM,
        TO,
        OpenApiParameter("status", str, enum=Placement.Status.values, description="Stored status"),
    ],
)
class PlacementList(generics.ListAPIView):
    """Placements of the trust's schools (or the token's one school): the pupil, the school, the
    provider, the dates, the status and the weekly pattern. `from` and `to` keep the placements
    that run on some day between them."""

    serializer_class = s.PlacementSerializer
    pagination_class = Pages

    def get_queryset(self):
        client, f = self.request.auth, filters_of(self.request)
        placements = Placement.objects.filter(referral__school__in=schools_in_scope(client))
        school = school_asked(client, f.get("school"))
        if school is not None:
            placements = placements.filter(referral__school=school)
        if f.get("status"):
            placements = placements.filter(status=f["status"])
        if f.get("to"):
            placements = placements.filter(start_date__lte=f["to"])
        if f.get("from"):
            placements = placements.filter(planned_end_date__gte=f["from"]).exclude(
                ended_on__lt=f["from"]
            )
        return placements.select_related("referral__pupil__school", "provider").prefetch_related(
            "sessions"
        )


@extend_schema(summary="One placement")
class PlacementDetail(generics.RetrieveAPIView):
    serializer_class = s.PlacementSerializer

    def get_queryset(self):
        return (
            Placement.objects.filter(referral__school__in=schools_in_scope(self.request.auth))
            .select_related("referral__pupil__school", "provider")
            .prefetch_related("sessions")
        )


class MarkList(generics.ListAPIView):
    """Attendance marks (R-10.6) of the token's schools; a bulk write of marks."""

    serializer_class = s.MarkSerializer
    pagination_class = Pages

    def get_queryset(self):
        client, f = self.request.auth, filters_of(self.request)
        marks = AttendanceMark.objects.filter(
            placement__referral__school__in=schools_in_scope(client)
        )
        school = school_asked(client, f.get("school"))
        if school is not None:
            marks = marks.filter(placement__referral__school=school)
        if f.get("placement"):
            if not Placement.objects.filter(
                pk=f["placement"], referral__school__in=schools_in_scope(client)
            ).exists():
                raise Http404
            marks = marks.filter(placement_id=f["placement"])
        if f.get("from"):
            marks = marks.filter(date__gte=f["from"])
        if f.get("to"):
            marks = marks.filter(date__lte=f["to"])
        return marks.select_related("placement__referral__pupil__school", "entered_by")

    @extend_schema(
        summary="Attendance marks",
        parameters=[
            SCHOOL,
            FROM,
            TO,
            OpenApiParameter("placement", int, description="One placement's marks"),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Save attendance marks in bulk, all or nothing",
        request=s.MarksInSerializer,
        responses={
            200: s.SavedSerializer,
            400: OpenApiResponse(s.RefusedSerializer, description="Nothing was saved"),
        },
    )
    def post(self, request, *args, **kwargs):
        """Every mark is checked by the rules of the CSV import (R-10.6, X-3); if any is refused
        nothing is saved and each refused mark is listed with its index and field."""
        client = request.auth
        body = request.data if isinstance(request.data, dict) else None
        if body is None or not isinstance(body.get("marks"), list):
            return _refused('Send an object with a list of marks: {"marks": [...]}', [])
        urn = body.get("school")
        if urn is not None and not isinstance(urn, str):
            return _refused("The school is its URN, as text", [])
        school = school_asked(client, urn) or client.school
        if school is None:
            return _refused(
                'Name the school by its URN ("school"): this token is for the whole trust', []
            )
        marks = body["marks"]
        if not marks:
            return _refused("The list of marks is empty", [])
        if len(marks) > MAX_MARKS:
            return _refused(f"Send at most {MAX_MARKS} marks at a time", [])
        rows, shape = [], []
        for index, mark in enumerate(marks):
            if not isinstance(mark, dict):
                shape.append(_row(index, None, "Each mark is an object: upn, date, session, code"))
                continue
            cell = {}
            for column, key in FIELDS.items():
                value = mark.get(key, "")
                if not isinstance(value, str):
                    shape.append(_row(index, key, f"The {key} must be text"))
                    value = ""
                cell[column] = value
            rows.append((index, cell))
        if shape:
            return _refused(_count(len({r["index"] for r in shape})), shape)
        errors, entries = check_rows(
            attending_by_upn(school),
            rows,
            SchoolCalendar.for_school(school),
            timezone.localdate(),
            item="mark",
        )
        if errors:
            refused = [_row(e.line, FIELDS[e.column], e.reason) for e in errors]
            return _refused(_count(len({e.line for e in errors})), refused)
        result = marks_save(entries, by=request.user)
        return Response(
            {
                "added": result.added,
                "corrected": result.corrected,
                "unchanged": result.unchanged,
                "follow_ups": result.follow_ups,
            }
        )


FIELDS = {"UPN": "upn", "Date": "date", "Session": "session", "Code": "code"}


def _row(index, field, message) -> dict:
    return {"index": index, "field": field, "message": message}


def _count(n: int) -> str:
    return f"Nothing was saved: {n} mark{'s were' if n != 1 else ' was'} refused."


def _refused(detail: str, refused: list) -> Response:
    return Response({"detail": detail, "refused": refused}, status=status.HTTP_400_BAD_REQUEST)


@extend_schema(summary="Providers of the trust", parameters=[])
class ProviderList(generics.ListAPIView):
    """The trust's register of providers, shared by its schools (R-5.1), with each one's
    suitability from its audit and letter of comfort."""

    serializer_class = s.ProviderSerializer
    pagination_class = Pages

    def get_queryset(self):
        client = self.request.auth
        return with_suitability(
            Provider.objects.filter(trust_id=client.trust_id),
            settings_for(client.trust),
            timezone.localdate(),
        )


@extend_schema(
    summary="School census: AP placements arranged by the school",
    parameters=[
        OpenApiParameter(
            "school", str, description="The school's URN: required with a token for the trust"
        ),
        OpenApiParameter("date", dt.date, description="The census date (default: today)"),
    ],
    responses={200: s.CensusSerializer},
)
class Census(APIView):
    """The rows the school returns in the census (R-7.6, R-10.9) for the placements open on the
    census date, as the census page and its downloads give them. One school and one date per
    call, in one response: a school's return is a few dozen rows computed together."""

    def get(self, request):
        client = request.auth
        school = school_asked(client, request.query_params.get("school")) or client.school
        if school is None:
            raise ValidationError({"school": ["Name the school by its URN"]})
        raw = request.query_params.get("date")
        today = timezone.localdate()
        day = today
        if raw:
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                raise ValidationError({"date": ["Enter the date like 2027-01-21"]}) from None
            if not EARLIEST <= day <= today + dt.timedelta(days=366):
                raise ValidationError({"date": ["Enter a census date from 2000 to a year ahead"]})
        table = census_table(school, day)
        rows = [
            {**{k: v for k, v in row.items() if k != "pupil"}, "hours": f"{row['hours']:.2f}"}
            for row in table.rows
        ]
        return Response({"school_urn": school.urn, "census_date": day, "rows": rows})
