"""Who must act, in words, from the permission table: a checklist item that is for someone else
says "Waiting for the Headteacher or AP Lead" from the same ROLES that grant the permission."""

from .permissions import ROLES, Permission


def who_can(permissions: list[Permission] | tuple[Permission, ...]) -> str:
    """The roles that hold every one of the permissions: "the Headteacher or AP Lead"."""
    labels = [d.label for d in ROLES.values() if set(permissions) <= d.permissions]
    if not labels:
        return ""
    if len(labels) == 1:
        return f"the {labels[0]}"
    return "the " + ", ".join(labels[:-1]) + " or " + labels[-1]
