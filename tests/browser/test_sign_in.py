"""Sign-in through the emulator's hosted page in headless Chromium, driven
over WebDriver by Selenium, against the example web app with its defaults.

Run by tests/browser/run.sh, which starts the emulator binary and the app
and sets APP_URL, EMULATOR_URL and SAASUS_CLI (plus the SaaSus credentials
for the CLI). Checks, each printed as `ok` or `FAIL`, then `N passed, M
failed` (exit status 1 when any failed):

- /login leads to the emulator's page; signing in there lands on the app's
  page with the user's email;
- the cookies the browser holds for the app are Secure, HttpOnly and
  __Host-/__Secure- prefixed;
- /me answers 200, and after sign-out 401;
- a wrong password shows the error on the emulator's page;
- a user with MFA on is asked for the code (RFC 6238, computed here).
"""

import base64
import hashlib
import hmac
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

APP = os.environ["APP_URL"]
EMULATOR = os.environ["EMULATOR_URL"]
CLI = os.environ["SAASUS_CLI"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
SCREENSHOT = os.environ.get("BROWSER_TEST_SCREENSHOT")
# The authenticator app secret the emulator hands out (CreateSecretCode).
SOFTWARE_TOKEN_SECRET = "EMULATORSECRETCODE234567"

results = []


def check(name, wanted, got):
    ok = wanted == got
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": wanted {wanted!r}, got {got!r}"))
    sys.stdout.flush()


def cli(*args):
    out = subprocess.run([CLI, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out) if out.strip() else None


def totp(secret, at=None):
    key = base64.b32decode(secret)
    step = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def create_user(email, password):
    return cli("saas-user", "create-saas-user", "--body", json.dumps({"email": email, "password": password}))["id"]


def access_token(email, password):
    """An access token, through the emulator's admin login and the API."""
    request = urllib.request.Request(
        f"{EMULATOR}/__emulator/login",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"content-type": "application/json"},
    )
    code = json.load(urllib.request.urlopen(request, timeout=10))["code"]
    credentials = cli("credential", "get-auth-credentials", "--auth-flow", "tempCodeAuth", "--code", code)
    return credentials["access_token"]


def turn_on_mfa(user_id, email, password):
    token = access_token(email, password)
    cli("saas-user", "create-secret-code", "--user-id", user_id, "--body", json.dumps({"access_token": token}))
    cli(
        "saas-user",
        "update-software-token",
        "--user-id",
        user_id,
        "--body",
        json.dumps({"access_token": token, "verification_code": totp(SOFTWARE_TOKEN_SECRET)}),
    )
    cli(
        "saas-user",
        "update-user-mfa-preference",
        "--user-id",
        user_id,
        "--body",
        json.dumps({"enabled": True, "method": "softwareToken"}),
    )


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=480,600",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def wait_for(driver, condition, seconds=10):
    return WebDriverWait(driver, seconds).until(condition)


def status_of(driver, path):
    """The status of a same-origin GET from the current page, with the
    browser's cookies (the page's script context, not the app's)."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status), e => done(String(e)));",
        path,
    )


def sign_in_form(driver, email, password):
    driver.get(f"{APP}/login")
    wait_for(driver, EC.presence_of_element_located((By.ID, "password")))
    check("/login leads to the emulator's sign-in page", True, driver.current_url.startswith(f"{EMULATOR}/sign-in?"))
    check("the page carries a PKCE challenge", True, "code_challenge=" in driver.current_url)
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)


def signed_in_as(driver, email):
    # The emulator's page has an `email` field too: wait for the app first.
    wait_for(driver, lambda d: d.current_url.startswith(f"{APP}/") and d.find_elements(By.ID, "email"))
    check("the app's page after sign-in", f"{APP}/", driver.current_url)
    check("it shows the user's email", email, driver.find_element(By.ID, "email").text)


def cookies_are_locked_down(driver):
    # Every cookie of the browser, whatever its path (WebDriver's own list
    # has those of the current page only).
    cookies = driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]
    check("the browser holds the session cookies", True, len(cookies) > 0)
    for c in cookies:
        name = c["name"]
        check(f"cookie {name} is Secure", True, c.get("secure"))
        check(f"cookie {name} is HttpOnly", True, c.get("httpOnly"))
        check(f"cookie {name} is __Host-/__Secure- prefixed", True, name.startswith(("__Host-", "__Secure-")))


def sign_out(driver):
    check("/me while signed in", 200, status_of(driver, "/me"))
    driver.find_element(By.ID, "logout").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "login") or d.current_url != f"{APP}/")
    driver.get(f"{APP}/")
    check("after sign-out, the page offers sign-in", 1, len(driver.find_elements(By.ID, "login")))
    check("after sign-out, /me is refused", 401, status_of(driver, "/me"))


def main():
    create_user("alice@example.com", "alice-password")
    carol = create_user("carol@example.com", "carol-password")
    turn_on_mfa(carol, "carol@example.com", "carol-password")

    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            # A wrong password: the error on the emulator's page.
            sign_in_form(driver, "alice@example.com", "not-alice's")
            if SCREENSHOT:
                driver.save_screenshot(SCREENSHOT)
            driver.find_element(By.ID, "sign-in").click()
            error = wait_for(driver, EC.presence_of_element_located((By.ID, "error")))
            check("a wrong password stays on the sign-in page", True, driver.current_url.startswith(f"{EMULATOR}/sign-in"))
            check("and shows the error", True, "Incorrect" in error.text)

            # The right one: signed in, then signed out.
            driver.find_element(By.ID, "password").send_keys("alice-password")
            driver.find_element(By.ID, "sign-in").click()
            signed_in_as(driver, "alice@example.com")
            cookies_are_locked_down(driver)
            sign_out(driver)

            # MFA: the code step.
            sign_in_form(driver, "carol@example.com", "carol-password")
            driver.find_element(By.ID, "sign-in").click()
            code = wait_for(driver, EC.presence_of_element_located((By.ID, "mfa_code")))
            check("a user with MFA is asked for the code", True, driver.current_url.startswith(f"{EMULATOR}/sign-in"))
            code.send_keys(totp(SOFTWARE_TOKEN_SECRET))
            driver.find_element(By.ID, "verify").click()
            signed_in_as(driver, "carol@example.com")
            sign_out(driver)
        except Exception:  # a step that could not run is a failure, not a crash
            traceback.print_exc()
            results.append(False)
            print(f"FAIL at {driver.current_url}: {driver.page_source[:2000]}")
        finally:
            driver.quit()

    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
