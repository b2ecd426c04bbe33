"""`saasus-auth mcp` under the official MCP Python SDK, over stdio.

Run by run.sh beside this file, which builds the binaries, starts the
emulator binary and sets:

  SAASUS_AUTH_BIN   the saasus-auth binary (built with the `mcp` feature)
  SAASUS_SAAS_ID, SAASUS_API_KEY, SAASUS_SECRET_KEY, SAASUS_API_URL_BASE
                    the emulator's credentials and address

The expected counts come from the operation table (`saasus-auth operations
--output json`), never from numbers written here. Prints one line per check
and closes with `N passed, N failed`.
"""

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import uuid

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

BIN = os.environ["SAASUS_AUTH_BIN"]
ENV = {
    k: os.environ[k]
    for k in (
        "SAASUS_SAAS_ID",
        "SAASUS_API_KEY",
        "SAASUS_SECRET_KEY",
        "SAASUS_API_URL_BASE",
        "PATH",
    )
    if k in os.environ
}
# What must never reach the server's stderr.
PASSWORD = "Mcp-Test-Pa55word!" + uuid.uuid4().hex[:8]
SECRETS = [ENV["SAASUS_API_KEY"], ENV["SAASUS_SECRET_KEY"], PASSWORD, "Sig=", "SAASUSSIGV1"]

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def table():
    out = subprocess.run(
        [BIN, "operations", "--output", "json"], env=ENV, check=True, capture_output=True
    ).stdout
    return json.loads(out)


def snake(op):
    # The tool name is the facade method name: the operationId in snake case.
    out = ""
    for i, c in enumerate(op):
        if c.isupper() and i > 0 and (op[i - 1].islower() or op[i - 1].isdigit()):
            out += "_"
        out += c.lower()
    return out


def text_of(result):
    return "".join(getattr(c, "text", "") for c in result.content)


async def session_run(args, body, stderr_path):
    params = StdioServerParameters(command=BIN, args=["mcp", *args], env=ENV)
    with open(stderr_path, "a") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                await body(session)


async def main():
    ops = table()
    # The reads: GETs that spend no single-use code (GetAuthCredentials does).
    gets = sorted(snake(o["id"]) for o in ops if o["method"] == "GET" and not o["single_use"])
    every = sorted(snake(o["id"]) for o in ops)
    fd, stderr_path = tempfile.mkstemp(prefix="saasus-mcp-stderr-")
    os.close(fd)

    # Default: reads only.
    async def reads(session):
        tools = (await session.list_tools()).tools
        names = sorted(t.name for t in tools)
        check(f"default lists exactly the {len(gets)} reads (GETs, single-use ones aside)", names == gets,
              f"{len(names)} tools")
        check("every tool has an object input schema and a description",
              all(t.input_schema.get("type") == "object" and t.description for t in tools))
        by = {t.name: t for t in tools}
        schema = by["get_saas_user"].input_schema
        check("get_saas_user requires user_id", "user_id" in schema.get("required", []), str(schema))
        r = await session.call_tool("get_saas_users", {})
        users = (r.structured_content or {}).get("users")
        check("get_saas_users answers the users", not r.is_error and isinstance(users, list),
              text_of(r))
        r = await session.call_tool("create_saas_user",
                                    {"body": {"email": "refused@example.com", "password": PASSWORD}})
        check("create_saas_user is refused", bool(r.is_error) and "nothing was sent" in text_of(r),
              text_of(r))
        r = await session.call_tool("get_saas_users", {})
        emails = [u.get("email") for u in (r.structured_content or {}).get("users", [])]
        check("the refused write sent nothing", "refused@example.com" not in emails)
        r = await session.call_tool("get_saas_user", {"user_id": str(uuid.uuid4())})
        check("an unknown user is a tool error naming 404",
              bool(r.is_error) and "404" in text_of(r)
              and (r.structured_content or {}).get("status") == 404
              and (r.structured_content or {}).get("operation") == "GetSaasUser",
              text_of(r))

    await session_run([], reads, stderr_path)

    # --allow-writes: every operation; a write works, with no password in its answer.
    async def writes(session):
        tools = (await session.list_tools()).tools
        names = sorted(t.name for t in tools)
        check(f"--allow-writes lists all {len(every)} operations", names == every, f"{len(names)} tools")
        by = {t.name: t for t in tools}
        d = by["create_saas_user"].description or ""
        check("a tool's description gives method and path and says secrets are redacted",
              "POST /users" in d and "--reveal-secrets" in d, d)
        email = f"mcp-{uuid.uuid4().hex[:8]}@example.com"
        r = await session.call_tool("create_saas_user", {"body": {"email": email, "password": PASSWORD}})
        created = r.structured_content or {}
        check("create_saas_user works", not r.is_error and created.get("email") == email, text_of(r))
        check("no password in its answer",
              PASSWORD not in text_of(r) and PASSWORD not in json.dumps(created), text_of(r))
        # Without a password the API issues one and answers it: redacted.
        r = await session.call_tool("create_saas_user", {"body": {"email": "temp-" + email}})
        created = r.structured_content or {}
        check("an issued password is redacted in the answer",
              not r.is_error and created.get("password") == "<redacted>", text_of(r))
        r = await session.call_tool("create_saas_user", {"body": {"email": 12345, "password": PASSWORD}})
        t = text_of(r)
        check("a body of the wrong type is a tool error naming the field",
              bool(r.is_error) and "email" in t and "12345" not in t and PASSWORD not in t, t)

    await session_run(["--allow-writes"], writes, stderr_path)

    # --allow: exactly those, by operationId.
    async def allow(session):
        names = sorted(t.name for t in (await session.list_tools()).tools)
        check("--allow GetSaasUsers,CreateSaasUser lists exactly those two",
              names == ["create_saas_user", "get_saas_users"], str(names))

    await session_run(["--allow", "GetSaasUsers,CreateSaasUser"], allow, stderr_path)

    # --reveal-secrets: the issued password is handed over.
    async def reveal(session):
        email = f"mcp-{uuid.uuid4().hex[:8]}@example.com"
        r = await session.call_tool("create_saas_user", {"body": {"email": email}})
        password = (r.structured_content or {}).get("password")
        check("--reveal-secrets hands over the issued password",
              not r.is_error and isinstance(password, str) and password not in ("", "<redacted>"),
              text_of(r))
        if isinstance(password, str) and password:
            SECRETS.append(password)

    await session_run(["--allow", "create_saas_user", "--reveal-secrets"], reveal, stderr_path)

    with open(stderr_path) as f:
        err = f.read()
    os.unlink(stderr_path)
    leaked = [i for i, s in enumerate(SECRETS) if s and s in err]
    check("the server's stderr holds no key, secret, signature or password", not leaked,
          f"secrets #{leaked} found")
    check("the server logged something (on stderr, not stdout)", "saasus-auth mcp:" in err)

    # --emulator: in process, no credentials.
    async def emulator(session):
        names = sorted(t.name for t in (await session.list_tools()).tools)
        r = await session.call_tool("get_saas_users", {})
        check("--emulator serves the reads with no credentials",
              names == gets and not r.is_error, text_of(r))

    saved = dict(ENV)
    ENV.clear()
    ENV.update({k: v for k, v in saved.items() if k == "PATH"})
    fd, emu_log = tempfile.mkstemp(prefix="saasus-mcp-emu-")
    os.close(fd)
    try:
        await session_run(["--emulator"], emulator, emu_log)
    finally:
        os.unlink(emu_log)
        ENV.update(saved)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
