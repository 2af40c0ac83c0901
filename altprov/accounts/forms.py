from django import forms
from django.contrib.auth import password_validation
from django_otp_webauthn.models import WebAuthnCredential

from altprov.core.forms import GovukForm


class SignInForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the code from your authenticator app"},
    )


class EnrolForm(GovukForm):
    code = forms.CharField(
        label="Enter the 6-digit code your app shows",
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("The code must be 6 digits, like 123456")
        return code


class ChoosePasswordForm(GovukForm):
    new_password = forms.CharField(
        label="Choose a password",
        strip=False,
        help_text=(
            "At least 12 characters. It cannot be a common password, all numbers, "
            "or too like your name or email address."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a password"},
    )
    confirm_password = forms.CharField(
        label="Enter the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password(self):
        password = self.cleaned_data["new_password"]
        password_validation.validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("new_password")
            and cleaned.get("confirm_password") is not None
            and cleaned["new_password"] != cleaned["confirm_password"]
        ):
            self.add_error("confirm_password", "The passwords do not match")
        return cleaned


class PasskeyNameForm(GovukForm):
    name = forms.CharField(
        label="Name your passkey",
        max_length=64,  # django-otp's Device.name
        help_text="So that you can tell your passkeys apart, like ‘Work laptop’ or ‘My phone’",
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
        error_messages={
            "required": "Enter a name for your passkey",
            "max_length": "The name must be 64 characters or fewer",
        },
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a name for your passkey")
        if WebAuthnCredential.objects.filter(user=self.user, name__iexact=name).exists():
            raise forms.ValidationError("You already have a passkey with this name: choose another")
        return name
