"""A small asyncio HTTP/1.1 keep-alive client: the load generator's only way to talk to the ingress.

Outcomes are classified for the checks: `NotSent` (the connection could not be opened, so the request surely did
nothing), `Uncertain` (the request was written but no whole answer came back: it may or may not have been applied),
else a `(status, headers, body)` answer.
"""
import asyncio


class NotSent(Exception):
    """The request never left: no connection."""


class Uncertain(Exception):
    """The request was written, but no whole answer was read (reset, EOF, timeout)."""


class Pool:
    """At most `size` connections to host:port, reused while the server keeps them open."""

    def __init__(self, host: str, port: int, size: int = 64, timeout: float = 30.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.slots = asyncio.Semaphore(size)

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes | None = None):
        async with self.slots:
            if self.idle:
                reader, writer = self.idle.pop()
            else:
                try:
                    reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), 5)
                except (OSError, asyncio.TimeoutError) as error:
                    raise NotSent(f"connect: {error!r}") from None
            lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
            lines += [f"{name}: {value}" for name, value in headers.items()]
            lines.append(f"Content-Length: {len(body or b'')}")
            try:
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b""))
                status, answer, content = await asyncio.wait_for(_read_response(reader), self.timeout)
            except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
                writer.close()
                raise Uncertain(f"{method} {path}: {error!r}") from None
            if answer.get("connection", "").lower() == "close":
                writer.close()
            else:
                self.idle.append((reader, writer))
            return status, answer, content

    def close(self):
        for _, writer in self.idle:
            writer.close()
        self.idle = []


async def _read_response(reader: asyncio.StreamReader):
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise ValueError(f"bad status line {lines[0]!r}")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            body += await reader.readexactly(size)
            await reader.readexactly(2)
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    return int(parts[1]), headers, body
