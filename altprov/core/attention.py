""" "What needs my attention": each part of the service adds what it knows is due for this user.

A source is a function `source(request) -> list[AttentionItem]`, registered with `@attention_source`.
Later parts (reviews, visits, attendance) add their own sources; the home page lists them all.
"""

from collections.abc import Callable
from dataclasses import dataclass

_SOURCES: list[Callable] = []


@dataclass(frozen=True)
class AttentionItem:
    title: str
    detail: str
    url: str
    link_text: str
    urgent: bool = False


def attention_source(func: Callable) -> Callable:
    _SOURCES.append(func)
    return func


def items_for(request) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for source in _SOURCES:
        items.extend(source(request))
    return sorted(items, key=lambda i: (not i.urgent, i.title))
