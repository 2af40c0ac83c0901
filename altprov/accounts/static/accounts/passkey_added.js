// After "Create the passkey" succeeds (django-otp-webauthn's register script announces it), go
// back to the account page, where the new passkey is listed.
document.addEventListener("otp_webauthn.register_complete", function () {
  var page = document.getElementById("passkey-done");
  window.location.assign(page.getAttribute("data-href"));
});
