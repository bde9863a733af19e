"""A throwaway ``redis-server`` on a free loopback port (the cluster demo, the tests, the benchmark).

Append-only file on, fsynced at every write (``appendfsync always``), so that a restart
(:meth:`LocalRedis.restart`) finds everything the cluster wrote; a random password, so that
even a loopback frontier is never open; optionally TLS only (``rediss://``).
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class RedisMissing(RuntimeError):
    """No ``redis-server`` on the PATH."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalRedis:
    """``with LocalRedis() as server: server.url`` -> ``redis://:<password>@127.0.0.1:<port>/0``."""

    def __init__(self, folder: str | Path | None = None, port: int | None = None, tls: bool = False):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RedisMissing("redis-server is not installed (Debian: apt-get install redis-server; or `make redis`)")
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="portal-archive-redis-")
        self.folder = Path(folder or self._tmp.name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.password = secrets.token_hex(16)
        self.url = f"redis://:{self.password}@127.0.0.1:{self.port}/0"
        self.listen = ["--port", str(self.port)]
        if tls:  # TLS only (no plain port), with a throwaway certificate for "localhost"
            from ..sample_portal.server import _self_signed

            cert, key = _self_signed(self.folder, ["localhost"])
            self.listen = ["--port", "0", "--tls-port", str(self.port), "--tls-cert-file", cert, "--tls-key-file", key,
                           "--tls-ca-cert-file", cert, "--tls-auth-clients", "no"]
            self.url = f"rediss://:{self.password}@localhost:{self.port}/0?ssl_ca_certs={cert}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "LocalRedis":
        self.process = subprocess.Popen(
            [self.binary, *self.listen, "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
             "--appendfsync", "always", "--dir", str(self.folder), "--requirepass", self.password,
             "--protected-mode", "yes", "--logfile", str(self.folder / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self._wait_ready()
        return self

    def _wait_ready(self, timeout: float = 10.0) -> None:
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=1)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if client.ping():
                    client.close()
                    return
            except (redis.BusyLoadingError, redis.ConnectionError):
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = (self.folder / "redis.log")
                tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
                raise RuntimeError(f"redis-server did not start on port {self.port}: {' '.join(tail)}")
            time.sleep(0.02)

    def stop(self) -> None:
        """Shut down the way a service manager does (SIGTERM: the append-only file is flushed)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        """Stop, then start again on the same port, folder and password (reloading the append-only file)."""
        self.stop()
        self.start()

    def __enter__(self) -> "LocalRedis":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
