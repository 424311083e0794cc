"""A scriptable OpenAI-compatible server on 127.0.0.1, for fault tests and benchmarks.

    with StubServer(latency_s=0.3) as server:            # every answer waits 300 ms
        server.enqueue(Reply(status=429, headers={"Retry-After": "1"}))
        server.enqueue(Reply(draft={"summary": "...", "actors": []}))
        engine = OpenAIEngine("stub-model", base_url=server.url)

Answers come from the queue in order; when it is empty, `default` answers (a valid empty
draft unless set otherwise). `requests` keeps every request body received. Replies can be a
status with a JSON error, a draft wrapped as a tool call (or as message content), a raw
body, a delay (to provoke timeouts) or a connection dropped mid-body.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

EMPTY_DRAFT: dict[str, Any] = {
    "summary": "Nothing to report.",
    "actors": [],
    "actions": [],
    "dates": [],
    "justifications": [],
    "disputed_claims": [],
}


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    draft: dict[str, Any] | None = None  # sent as a tool call (tools mode) or as content (json modes)
    body: str | bytes | None = None  # sent verbatim instead of a completion
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait before answering, on top of the server's latency
    cut: bool = False  # announce a full body, send half, close the connection
    usage: tuple[int, int] = (100, 20)  # prompt_tokens, completion_tokens


def completion(draft: dict[str, Any], *, as_tool: bool, model: str, usage: tuple[int, int]) -> dict[str, Any]:
    """A chat completion carrying `draft` the way instructor's mode expects it."""
    arguments = json.dumps(draft)
    if as_tool:
        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_0", "type": "function", "function": {"name": "Draft", "arguments": arguments}}
            ],
        }
        finish = "tool_calls"
    else:
        message = {"role": "assistant", "content": arguments}
        finish = "stop"
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
    }


class StubServer:
    """The server; use as a context manager. `latency_s` delays every answer."""

    def __init__(self, *, latency_s: float = 0.0, models: tuple[str, ...] = ("stub-model",)) -> None:
        self.latency_s = latency_s
        self.models = models
        self.queue: deque[Reply] = deque()
        self.default = Reply(draft=EMPTY_DRAFT)
        self.requests: list[dict[str, Any]] = []  # bodies of chat completion requests, in order
        self.headers: list[dict[str, str]] = []  # their headers, names lower-cased
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Base URL to give the client, ending in /v1."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def enqueue(self, *replies: Reply) -> StubServer:
        """Script the next answers, in order."""
        self.queue.extend(replies)
        return self

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _next(self) -> Reply:
        with self._lock:
            return self.queue.popleft() if self.queue else self.default

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, body: bytes, headers: dict[str, str], cut: bool = False) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                if cut:
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(body)

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    data = [
                        {"id": m, "object": "model", "created": 0, "owned_by": "stub"} for m in server.models
                    ]
                    self._send(200, json.dumps({"object": "list", "data": data}).encode(), {})
                else:
                    self._send(404, b'{"error": {"message": "not found"}}', {})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                request = json.loads(self.rfile.read(length) or b"{}")
                with server._lock:
                    server.requests.append(request)
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                reply = server._next()
                time.sleep(server.latency_s + reply.delay_s)
                if reply.body is not None:
                    body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                elif reply.status != 200:
                    body = json.dumps(
                        {"error": {"message": f"stub error {reply.status}", "code": reply.status}}
                    ).encode()
                else:
                    draft = reply.draft if reply.draft is not None else EMPTY_DRAFT
                    as_tool = bool(request.get("tools"))
                    body = json.dumps(
                        completion(
                            draft,
                            as_tool=as_tool,
                            model=request.get("model", "stub-model"),
                            usage=reply.usage,
                        )
                    ).encode()
                # the client may have given up already (timeout)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(reply.status, body, reply.headers, cut=reply.cut)

        return Handler
