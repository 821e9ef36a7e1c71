"""Production serving as an office would run it: gunicorn, DEBUG off, assets served by
the app itself (WhiteNoise), nothing from outside."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def through_tls_proxy(port, path):
    return urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )


@pytest.mark.heavy  # collectstatic, then gunicorn in a new process
def test_gunicorn_serves_the_login_page_and_its_stylesheet(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "test-only-secret-key-for-serving",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serving.db'}",
        # As behind the README's nginx, which ends TLS and says so in X-Forwarded-Proto.
        "TRUST_PROXY_HEADERS": "1",
    }
    python = Path(sys.executable)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [python.parent / "gunicorn", "lianluo.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _attempt in range(50):
            try:
                response = urllib.request.urlopen(through_tls_proxy(port, "/login/"))
                break
            except OSError:
                time.sleep(0.2)
        page = response.read().decode()
        css = urllib.request.urlopen(through_tls_proxy(port, "/static/css/lianluo.css"))
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert "登录" in page
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert css.status == 200
    assert b"--red" in css.read()


def test_no_template_loads_anything_from_outside():
    outside = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")

    offenders = [
        str(path.relative_to(ROOT))
        for path in TEMPLATES.rglob("*.html")
        if outside.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
