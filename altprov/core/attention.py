""" "What needs my attention": each part of the service adds what it knows is due for this user.

A source is a function `source(request) -> list[AttentionItem]`, registered with `@attention_source`.
Later parts (reviews, visits, attendance) add their own sources; the home page lists them all.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

_SOURCES: list[Callable] = []


@dataclass(frozen=True)
class AttentionItem:
    title: str
    detail: str
    url: str
    link_text: str
    urgent: bool = False
    # Visually hidden words after the link text that tell links with the same text apart
    # ("Open the audit" + " of Moorside Centre").
    link_hidden: str = ""


def attention_source(func: Callable) -> Callable:
    _SOURCES.append(func)
    return func


def items_for(request) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for source in _SOURCES:
        items.extend(source(request))
    return sorted(told_apart(items), key=lambda i: (not i.urgent, i.title))


def told_apart(items: list[AttentionItem]) -> list[AttentionItem]:
    """Links that would read the same to a screen reader get the item's title as hidden text
    (issue 14, 2.12), whatever a source forgot."""
    seen = Counter((i.link_text, i.link_hidden) for i in items)
    return [
        replace(i, link_hidden=f"{i.link_hidden}: {i.title}")
        if seen[(i.link_text, i.link_hidden)] > 1
        else i
        for i in items
    ]
