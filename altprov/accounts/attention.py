from django.urls import reverse

from altprov.core.attention import AttentionItem, attention_source

from .services import recovery_codes_left

LOW = 3


@attention_source
def few_recovery_codes(request) -> list[AttentionItem]:
    left = recovery_codes_left(request.user)
    if left >= LOW:
        return []
    return [
        AttentionItem(
            title=f"You have {left} recovery code{'s' if left != 1 else ''} left",
            detail="Recovery codes let you sign in if you lose your phone.",
            url=reverse("accounts:account"),
            link_text="Make new recovery codes",
        )
    ]
