"""Times, as the official MCP Python SDK sees it, starting `saasus-auth mcp
--emulator` and listing its tools: from spawning the server to the
tools/list answer, N times (default 20); prints the median and the range
in milliseconds. Usage: python time_list.py PATH/TO/saasus-auth [N]"""

import asyncio
import statistics
import sys
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def once(binary):
    start = time.perf_counter()
    params = StdioServerParameters(command=binary, args=["mcp", "--emulator"], env={})
    with open("/dev/null", "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                tools = (await session.list_tools()).tools
                elapsed = time.perf_counter() - start
    assert tools, "no tools"
    return elapsed * 1000


async def main():
    binary = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    await once(binary)  # warm-up
    times = [await once(binary) for _ in range(n)]
    print(f"start + initialize + tools/list, {n} runs: median {statistics.median(times):.1f} ms,"
          f" min {min(times):.1f} ms, max {max(times):.1f} ms")


asyncio.run(main())
