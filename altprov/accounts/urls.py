from django.urls import path

from . import step_up, views

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
]
