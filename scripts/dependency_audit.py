"""The dependency audit (`make security`, part of `make lint`; docs/security.md): pip-audit
against PyPI's vulnerability data, for every package pinned in uv.lock (all groups).

pip-audit asks https://pypi.org/pypi/<name>/<version>/json for each package. Where that does
not answer (machines that reach a package mirror only), pip-audit would report nothing, which
reads like a pass: so this first asks for a release with known vulnerabilities, and when the
answer does not list them, says clearly that the audit is skipped and exits 0. Where it does,
pip-audit runs on the pinned versions (--no-deps --disable-pip: nothing installed or resolved)
and its exit code, non-zero when a package has a known vulnerability, is this script's.

Usage: python scripts/dependency_audit.py --uv .tools/bin/uv"""

import argparse
import json
import subprocess  # nosec B404  # runs uv and pip-audit: fixed argument lists, no shell
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Django 4.2.0 has published advisories (e.g. PYSEC-2023-61): the data must list them.
PROBE = "https://pypi.org/pypi/django/4.2/json"


def vulnerability_data_reachable(timeout: float = 15) -> tuple[bool, str]:
    try:
        with urllib.request.urlopen(PROBE, timeout=timeout) as response:  # nosec B310  # fixed https URL
            found = json.load(response).get("vulnerabilities") or []
    except (urllib.error.URLError, OSError, ValueError) as error:
        return False, f"{PROBE} did not answer ({error})"
    if not found:
        return False, f"{PROBE} answered without the vulnerabilities it should list"
    return True, ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uv", required=True, help="the uv executable")
    args = parser.parse_args()
    reachable, why = vulnerability_data_reachable()
    if not reachable:
        print(
            "Dependency audit SKIPPED: PyPI's vulnerability data cannot be reached from this "
            f"machine: {why}. Nothing was audited; run `make security` on a machine that "
            "reaches pypi.org (docs/security.md)."
        )
        return 0
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        subprocess.run(  # noqa: S603  # nosec B603  # fixed arguments, no shell
            [
                args.uv,
                "export",
                "--frozen",
                "--all-groups",
                "--no-emit-project",
                "--no-hashes",
                "--format",
                "requirements-txt",
                "--output-file",
                str(requirements),
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        pip_audit = Path(sys.executable).with_name("pip-audit")
        command = [str(pip_audit), "--strict", "--disable-pip", "--no-deps", "--progress-spinner"]
        command += ["off", "--vulnerability-service", "pypi", "-r", str(requirements)]
        print("Dependency audit: " + " ".join(command[1:]))
        return subprocess.run(command, cwd=ROOT).returncode  # noqa: S603  # nosec B603  # fixed


if __name__ == "__main__":
    sys.exit(main())
