"""The one-question-per-page form page every part of the service uses."""

from django.shortcuts import render

from .returns import return_path


def form_page(
    request,
    form,
    *,
    title: str,
    caption: str = "",
    submit: str = "Save",
    cancel_url: str = "",
    multipart: bool = False,
    intro: str = "",
    back_url: str = "",
    template: str = "core/form_page.html",
    status: int = 200,
    changes: list | None = None,
):
    """A page reached with a safe return address (`?next=`) keeps it through the form (a hidden
    field), and its Back and Cancel links go there. `changes` (a list, possibly empty) is what
    changed in the record since the version a refused save was based on (X-5)."""
    return_to = return_path(request)
    if return_to:
        back_url = cancel_url = return_to
    return render(
        request,
        template,
        {
            "form": form,
            "page_title": title,
            "caption": caption,
            "submit_text": submit,
            "cancel_url": cancel_url,
            "multipart": multipart,
            "intro": intro,
            "back_url": back_url,
            "return_to": return_to,
            "changes": changes,
        },
        status=status,
    )
