// The messages of django-otp-webauthn's passkey scripts, in the service's words. Those scripts
// call a global gettext (Django's JavaScript catalogue would give the package's English); this
// file is served from our own static files and loaded before them.
(function () {
  "use strict";
  var again = "Try again, or enter a code instead.";
  var words = {
    "Verify with Passkey": "Use a passkey instead",
    "Verifying...": "Waiting for your passkey…",
    "Finishing verification...": "Checking your passkey…",
    "Verification aborted.": "You stopped before using your passkey. " + again,
    "Verification canceled or not allowed.": "Your passkey was not used. " + again,
    "Verification failed. An unknown error occurred.": "Your passkey could not be used. " + again,
    "Verification failed. Could not retrieve parameters from the server.":
      "Your passkey could not be used. Reload the page and try again, or enter a code instead.",
    "Verification failed. An unknown server error occurred.":
      "Something went wrong checking your passkey. " + again,
    "Verification failed. A server error occurred.":
      "Something went wrong checking your passkey. " + again,
    "An error occurred during verification.": "Your passkey could not be used. " + again,
    "Verification successful!": "Your passkey was accepted.",
    "Register a Passkey": "Create the passkey",
    "Registering...": "Waiting for your browser or device…",
    "Finishing registration...": "Saving your passkey…",
    "Registration aborted.": "You stopped before the passkey was made. Try again.",
    "Registration aborted or not allowed.": "No passkey was made. Try again.",
    "Registration failed. A server error occurred.": "Your passkey could not be saved. Try again.",
    "Registration failed. A technical problem occurred that prevents you from registering a Passkey for this site.":
      "This browser or device cannot make a passkey for AltProv.",
    "Registration failed. An unknown error occurred.": "No passkey was made. Try again.",
    "Registration failed. The server was unable to verify this passkey.":
      "Your passkey could not be checked. Try again.",
    "Registration failed. Unable to fetch registration options from server.":
      "No passkey was made. Reload the page and try again.",
    "Registration failed. You most likely already have a Passkey registered for this site.":
      "This device already holds one of your passkeys for AltProv.",
    "Registration successful!": "Your passkey is added.",
    "An error occurred during registration.": "No passkey was made. Try again.",
  };
  window.gettext = function (text) {
    return Object.prototype.hasOwnProperty.call(words, text) ? words[text] : text;
  };
})();
