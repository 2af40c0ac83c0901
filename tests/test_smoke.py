from altprov.authz.permissions import Role


def test_signed_in_headteacher_sees_home(world, client_for):
    response = client_for(world.users[Role.HEADTEACHER]).get("/")
    assert response.status_code == 200
    assert b"What needs your attention" in response.content
