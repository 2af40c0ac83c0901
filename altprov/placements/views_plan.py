"""A placement's pastoral contact (R-10.4) and personalised plan (R-6.4): the records several
people edit, so each save is checked against the version its page was made from (X-5)."""

from altprov.audit.access import shows_pupils
from altprov.authz.fields import staff_of
from altprov.authz.permissions import Permission
from altprov.core.versions import StaleVersion, changes_since, refuse

from . import services
from .forms import PastoralForm, PlanForm
from .start_gate import records_of
from .views import _done, _guard, _page


def _refused(form, error: StaleVersion) -> list:
    """X-5: the records moved on since the form was read: what changed, and the form again with
    the person's answers based on the new version."""
    refuse(form, error)
    return changes_since(error.record, error.based_on, excluded=("placement",))


@shows_pupils("placement: pastoral contact")
def pastoral(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.MAKE_REFERRALS)
    records = records_of(placement)
    staff = staff_of(placement.referral.school)
    form = PastoralForm(
        request.POST if request.method == "POST" else None,
        staff=staff,
        initial={"contact": records.pastoral_contact_id, "protocol": records.contact_protocol},
        version=records.edit_version,
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            services.pastoral_assign(
                placement=placement,
                contact=form.cleaned_data["contact"],
                protocol=form.cleaned_data["protocol"],
                by=request.user,
                based_on=form.based_on(),
            )
        except StaleVersion as error:
            changes = _refused(form, error)
        else:
            return _done(request, placement, "The pastoral contact has been assigned.")
    return _page(request, placement, form, "Assign the pastoral contact", changes=changes)


@shows_pupils("placement: personalised plan")
def plan(request, placement_id: int):
    placement = _guard(request, placement_id, Permission.MAKE_REFERRALS)
    records = records_of(placement)
    fields = [
        "assessment_and_monitoring",
        "baseline_attainment",
        "baseline_attendance",
        "baseline_behaviour",
        "ehcp_link",
        "objectives_shared_on",
    ]
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        initial={f: getattr(records, f) for f in fields},
        version=records.edit_version,
    )
    changes = None
    if request.method == "POST" and form.is_valid():
        try:
            services.records_update(
                placement=placement,
                values={
                    name: form.cleaned_data[name]
                    if form.cleaned_data[name] is not None
                    else (None if name == "objectives_shared_on" else "")
                    for name in fields
                },
                by=request.user,
                based_on=form.based_on(),
            )
        except StaleVersion as error:
            changes = _refused(form, error)
        else:
            return _done(request, placement, "The personalised plan has been saved.")
    return _page(request, placement, form, "The personalised plan", changes=changes)
