#!/usr/bin/env bash
# A real browser end to end: headless Chromium, driven over WebDriver by
# Selenium (Python), signs in to the example web app (its defaults) through
# the emulator binary's hosted sign-in page, with MFA, and signs out
# (tests/browser/test_sign_in.py says what it checks).
#
#   bash tests/browser/run.sh
#
# Needs /usr/bin/chromium and /usr/bin/chromedriver (Debian: apt-get install
# chromium chromium-driver; CHROMIUM and CHROMEDRIVER override the paths);
# Selenium comes from PyPI into a virtualenv (BROWSER_VENV, default under
# the temp dir) and downloads nothing itself. Builds what it runs, ends
# every process it starts, prints `N passed, M failed` and exits non-zero
# on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

SELENIUM_VERSION="4.51.0"
venv="${BROWSER_VENV:-${TMPDIR:-/tmp}/saasus-browser-test-selenium-$SELENIUM_VERSION}"
for tool in "${CHROMIUM:-/usr/bin/chromium}" "${CHROMEDRIVER:-/usr/bin/chromedriver}"; do
  if [ ! -x "$tool" ]; then
    echo "error: $tool is missing (Debian: apt-get install -y chromium chromium-driver)" >&2
    exit 2
  fi
done
source tests/python-venv.sh
python_venv "$venv" selenium "selenium==$SELENIUM_VERSION"
# Selenium Manager must not look for (or download) a browser or a driver.
export SE_OFFLINE=true

source tests/acceptance/lib.sh

start emulator env -u SAASUS_SAAS_ID -u SAASUS_API_KEY -u SAASUS_SECRET_KEY "$target/saasus-auth-emulator" --port 0
emulator=$url
export SAASUS_API_URL_BASE="$emulator" SAASUS_SAAS_ID=emulator-saas-id \
  SAASUS_API_KEY=emulator-api-key SAASUS_SECRET_KEY=emulator-secret-key
page=$(sed -n 's/^sign-in page: //p' "$work/emulator.out")
start app env -u WEB_APP_URL -u WEB_APP_HOME_URL PORT=0 SAASUS_LOGIN_URL="$page" "$target/examples/web_app"
app=$url
echo "emulator at $emulator (sign-in page $page), app at $app"
# The page sends the browser back to the app's callback, as UpdateAuthInfo sets it.
"$target/saasus-auth" auth-info update-auth-info --body "{\"callback_url\":\"$app/callback\"}" >/dev/null

APP_URL="$app" EMULATOR_URL="$emulator" SAASUS_CLI="$target/saasus-auth" \
  timeout 120 "$py" tests/browser/test_sign_in.py
