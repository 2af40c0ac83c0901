from django.urls import path

from . import passkey_views, step_up, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.second_factor, name="second_factor"),
    path("sign-in/set-up-authenticator/", views.enrol, name="enrol"),
    path("sign-in/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/", views.account, name="account"),
    path("account/code/", step_up.step_up, name="step_up"),
    path("account/recovery-codes/", views.recovery_codes_new, name="recovery_codes_new"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/set-up/<uidb64>/<token>/", views.set_up, name="set_up"),
    # Passkeys (X-5, issue 11 item 5): pages, then the ceremonies' JSON endpoints
    path("account/passkeys/add/", passkey_views.passkey_add, name="passkey_add"),
    path("account/passkeys/add/create/", passkey_views.passkey_create, name="passkey_create"),
    path(
        "account/passkeys/<int:passkey_id>/remove/",
        passkey_views.passkey_remove,
        name="passkey_remove",
    ),
    path(
        "account/passkeys/add/begin/",
        passkey_views.PasskeyRegisterBegin.as_view(),
        name="passkey_register_begin",
    ),
    path(
        "account/passkeys/add/complete/",
        passkey_views.PasskeyRegisterComplete.as_view(),
        name="passkey_register_complete",
    ),
    path(
        "sign-in/passkey/begin/",
        passkey_views.PasskeySignInBegin.as_view(),
        name="passkey_sign_in_begin",
    ),
    path(
        "sign-in/passkey/complete/",
        passkey_views.PasskeySignInComplete.as_view(),
        name="passkey_sign_in_complete",
    ),
]
