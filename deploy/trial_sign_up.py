"""Part of deploy/trial.sh: a new person's first visit through the proxy, over HTTPS, with the
standard library only. The set-up link (argv[1]) -> choose a password -> set up the authenticator
app (a code computed from the key the page shows) -> the recovery codes -> the service's pages.
Exits non-zero, saying which step, if any step does not land where it should."""

import base64
import hashlib
import hmac
import http.cookiejar
import re
import ssl
import struct
import sys
import time
import urllib.parse
import urllib.request

PASSWORD = "trial-password-for-compose-7342"


def totp(secret: str) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def main(link: str) -> None:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the trial's own cert
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    )

    def visit(url, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        if not url.startswith("https://"):
            sys.exit(f"not an HTTPS address: {url}")
        request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310 (https only, above)
        with opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def step(name, url, text, heading):
        found = re.search(r"<h1[^>]*>\s*([^<]+?)\s*<", text)
        print(f"{name}: {url} ({found.group(1) if found else 'no heading'})")
        if not found or found.group(1) != heading:
            sys.exit(f"{name}: expected the page {heading!r}")

    def csrf(text):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)

    url, text = visit(link)
    step("set-up link", url, text, "Choose your password")
    fields = {"csrfmiddlewaretoken": csrf(text), "new_password": PASSWORD}
    url, text = visit(url, {**fields, "confirm_password": PASSWORD})
    step("password", url, text, "Set up your authenticator app")
    secret = re.search(r'id="totp-secret">([^<]+)<', text).group(1).replace(" ", "")
    url, text = visit(url, {"csrfmiddlewaretoken": csrf(text), "code": totp(secret)})
    step("authenticator app", url, text, "Save your recovery codes")
    url, text = visit(url, {"csrfmiddlewaretoken": csrf(text)})
    step("recovery codes", url, text, "Your account")
    base = link.split("/account/")[0]
    url, text = visit(base + "/service/gias/")
    step("a page of the service", url, text, "The GIAS register")


if __name__ == "__main__":
    main(sys.argv[1])
