from altprov.authz.permissions import Role
from tests.duties.helpers import attending


def test_pages(world, client_for):
    attending(world, world.pupil_a1)
    for role, urls in [
        (
            Role.HEADTEACHER,
            [
                f"/reports/schools/{world.school_a1.pk}/",
                f"/reports/schools/{world.school_a1.pk}/census/",
                "/reports/governance/",
            ],
        ),
        (Role.TRUST_EXECUTIVE, ["/reports/trust/", "/reports/governance/"]),
        (
            Role.TRUSTEE,
            [
                "/reports/governance/",
                f"/reports/governance/schools/{world.school_a1.pk}/termly.pdf",
            ],
        ),
    ]:
        c = client_for(world.users[role])
        for url in urls:
            r = c.get(url)
            assert r.status_code == 200, (url, r.content[:3000])
    c = client_for(world.users[Role.HEADTEACHER])
    for key in ["by-provider", "by-route", "overdue", "conditions", "attendance", "providers"]:
        for fmt in ["csv", "xlsx"]:
            assert c.get(f"/reports/schools/{world.school_a1.pk}/{key}.{fmt}").status_code == 200
