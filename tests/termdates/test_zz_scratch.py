import datetime as dt
import pytest
from altprov.authz.permissions import Role
from altprov.termdates.schooldays import SchoolCalendar
from altprov.termdates import schooldays

def test_view(world, client_for):
    from altprov.authz.permissions import ROLES, Permission
    roles = [r for r, d in ROLES.items() if Permission.MANAGE_TERM_DATES in d.permissions]
    c = client_for(world.users[roles[0]])
    c.raise_request_exception = True
    r = c.get(f"/trust/schools/{world.school_a1.pk}/term-dates/")
    print(r.status_code, r.content.decode()[:3000])
    print(schooldays.__file__)
    cal = SchoolCalendar.for_school(world.school_a1)
    print(cal.school_days_between(dt.date(2026,9,1), dt.date(2027,8,31)))
