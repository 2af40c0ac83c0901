from django.urls import reverse

from altprov.core.attention import AttentionItem, attention_source

from .selectors import pastoral_placements


@attention_source
def pastoral_pupils(request) -> list[AttentionItem]:
    """R-10.4: the way in for a pastoral contact (who may see no pupil list) to the contact logs
    of their pupils. Names no pupil: a count only."""
    count = pastoral_placements(request.user).filter(status="active").count()
    if not count:
        return []
    pupils = "1 pupil" if count == 1 else f"{count} pupils"
    return [
        AttentionItem(
            title=f"You are the pastoral contact for {pupils} in alternative provision",
            detail="Log each contact you have with them.",
            url=reverse("progress:pastoral"),
            link_text="Your pupils' contact logs",
        )
    ]
