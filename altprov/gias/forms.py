from django import forms

from altprov.core.forms import GovukForm
from altprov.evidence.uploads import CSV, check_upload

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
SNIFF_BYTES = 8 * 1024


class GiasImportForm(GovukForm):
    file = forms.FileField(
        label="GIAS establishment file",
        help_text=(
            "The CSV file of all establishments from Get Information about Schools, "
            "called something like edubasealldata20261101.csv"
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv", "class": "govuk-file-upload"}),
        error_messages={
            "required": "Select the GIAS establishment file",
            "empty": "The selected GIAS establishment file is empty",
            "invalid": "Select the GIAS establishment file",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The selected GIAS establishment file must be smaller than 200MB"
            )
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected GIAS establishment file must be a CSV file")
        upload.seek(0)
        start = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if start.startswith(b"PK\x03\x04") or start.startswith(b"\xd0\xcf\x11\xe0"):
            raise forms.ValidationError(
                "The selected GIAS establishment file is a spreadsheet: it must be the CSV file "
                "from Get Information about Schools"
            )
        if b"\x00" in start or b"," not in start:
            raise forms.ValidationError(
                "The selected GIAS establishment file must be a CSV file: its content is not "
                "comma-separated text"
            )
        # the size again, then the virus scan where clamd is configured.
        check_upload(
            upload,
            kind=CSV,
            max_bytes=MAX_UPLOAD_BYTES,
            label="The selected GIAS establishment file",
        )
        return upload
