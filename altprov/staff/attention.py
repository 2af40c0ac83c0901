from django.urls import reverse

from altprov.core.attention import AttentionItem, attention_source

from .selectors import invitations_for


@attention_source
def roles_offered(request) -> list[AttentionItem]:
    return [
        AttentionItem(
            title=f"{invitation.trust.name} has offered you a role: {invitation}",
            detail="The role starts only when you accept it.",
            url=reverse("invitations:list"),
            link_text=f"Accept or decline the role {invitation}",
        )
        for invitation in invitations_for(request.user)
    ]
