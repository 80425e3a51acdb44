#!/usr/bin/env python3
"""A browser's live connection, for ConsumerDeliveryTests: the `websockets` client on ws-gateway through the ingress.

Arguments: the ws:// URL (with `?since=N` when replaying) and the JWT. Prints every text message the server sends,
one per line, flushed, until it is killed; exits 1 when the connection closes or cannot open (the reason on stderr).
"""
import asyncio, sys

from websockets.asyncio.client import connect


async def main():
    url, token = sys.argv[1], sys.argv[2]
    async with connect(url, subprotocols=["bearer", token], open_timeout=60, ping_interval=None) as ws:
        async for message in ws:
            print(message, flush=True)
    print("closed", file=sys.stderr, flush=True)
    sys.exit(1)


asyncio.run(main())
