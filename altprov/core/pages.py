"""The one-question-per-page form page every part of the service uses."""

from django.shortcuts import render


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
):
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
        },
        status=status,
    )
