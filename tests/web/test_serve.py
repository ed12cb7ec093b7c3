"""`newsdesk serve` runs the site on a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_loopback_with_the_front_page_and_api(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "NEWSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    env.pop("NEWSDESK_API_TOKEN", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                front = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "serve did not answer within 20 s"
                time.sleep(0.1)
        assert front.status_code == 200 and "No articles yet" in front.text
        assert "script-src 'self'" in front.headers["content-security-policy"]
        refused = httpx.post(f"http://127.0.0.1:{port}/api/ingest", json={"text": "x"}, timeout=5)
        assert refused.status_code == 403 and refused.json()["error"] == "writes are off: set NEWSDESK_API_TOKEN"
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=10)
    assert f"http://127.0.0.1:{port}/" in stderr.decode()
