"""A throwaway PostgreSQL for tests and benchmarks: Debian's initdb and pg_ctl, a temporary data folder.

:func:`start` makes a cluster in a fresh folder under the system's temporary folder, starts it
listening on a unix socket in that folder (and, when asked, on a free loopback port), and returns
a :class:`Server` whose :meth:`Server.stop` stops it and removes the folder. initdb refuses to run
as root, so as root the server runs as the ``postgres`` user (or ``nobody``), which owns the folder. A
server whose process was killed before it could stop it is stopped by the next :func:`start`.

Where PostgreSQL cannot be started (not installed, no user to run it as, a sandbox that forbids
shared memory), :func:`start` raises :class:`Unavailable` saying why, in one line, so that the
tests that need it are skipped with that reason and nothing else is.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

DATABASE = "crisissim"
USER = "crisissim"


class Unavailable(Exception):
    """PostgreSQL cannot be started on this machine; ``str()`` says why."""


@dataclass
class Server:
    folder: Path
    bin: Path
    run_as: list[str]
    port: int | None
    """The loopback TCP port, if it listens on one."""

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, exercise: str, *, tcp: bool = False) -> str:
        """The journal location of ``exercise`` in the test database: over the unix socket, or loopback TCP."""
        if tcp:
            assert self.port is not None, "start(tcp=True) for a loopback port"
            return f"postgresql://{USER}@127.0.0.1:{self.port}/{DATABASE}?exercise={exercise}"
        port = f"&port={self.port}" if self.port else ""
        return f"postgresql://{USER}@/{DATABASE}?host={quote(str(self.socket_dir), safe='')}{port}&exercise={exercise}"

    @property
    def conninfo(self) -> str:
        """libpq's connection string for the test database as its superuser (for tampering behind a journal's back)."""
        return f"host={self.socket_dir} port={self.port or 5432} dbname={DATABASE} user={USER}"

    def stop(self) -> None:
        """Stop the server at once and remove its folder; harmless if it is not running."""
        if (self.folder / "data" / "postmaster.pid").exists():
            subprocess.run(
                [*self.run_as, str(self.bin / "pg_ctl"), "stop", "-D", str(self.folder / "data"), "-m", "immediate"],
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def binaries() -> Path:
    """The folder holding initdb and pg_ctl: Debian's newest /usr/lib/postgresql/N/bin, else PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).resolve().parent
    raise Unavailable("PostgreSQL is not installed (no initdb or pg_ctl; Debian: apt-get install postgresql)")


def _run_as() -> tuple[list[str], int | None, int | None]:
    """How to run the server's programs: as this user, or (as root) as postgres or nobody; with their uid and gid."""
    if os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "nobody"):
        try:
            user = pwd.getpwnam(name)
        except KeyError:
            continue
        setpriv = shutil.which("setpriv")
        if setpriv:
            return (
                [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups"],
                user.pw_uid,
                user.pw_gid,
            )
        runuser = shutil.which("runuser")
        if runuser:
            return [runuser, "-u", name, "--"], user.pw_uid, user.pw_gid
    raise Unavailable("running as root, with no postgres or nobody user (and setpriv or runuser) to run PostgreSQL as")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop_abandoned(bin_dir: Path, run_as: list[str]) -> None:
    """Stop the servers of earlier runs whose process was killed before it could stop them (SIGTERM, SIGKILL)."""
    for owner in Path(tempfile.gettempdir()).glob("crisissim-pg-*/owner.pid"):
        try:
            os.kill(int(owner.read_text()), 0)
            continue  # its process is alive: its server is in use
        except ProcessLookupError:
            pass
        except (OSError, ValueError):
            continue
        Server(owner.parent, bin_dir, run_as, None).stop()


def start(*, tcp: bool = False, durable: bool = False) -> Server:
    """A running PostgreSQL with an empty UTF-8 database ``crisissim`` owned by the superuser ``crisissim``.

    ``durable``: keep fsync and synchronous commits on (as a real server would, for benchmarks);
    by default they are off, which is what tests want. Raises :class:`Unavailable`.
    """
    bin_dir = binaries()
    run_as, uid, gid = _run_as()
    _stop_abandoned(bin_dir, run_as)
    folder = Path(tempfile.mkdtemp(prefix="crisissim-pg-"))
    (folder / "owner.pid").write_text(str(os.getpid()))
    server = Server(folder, bin_dir, run_as, _free_port() if tcp else None)
    atexit.register(server.stop)  # whatever happens to the caller, no server is left running
    try:
        (folder / "socket").mkdir()
        if uid is not None and gid is not None:
            for path in (folder, folder / "socket"):
                os.chown(path, uid, gid)
        os.chmod(folder, 0o700)
        data = folder / "data"

        def run(*command: str) -> None:
            done = subprocess.run(
                [*run_as, *command], capture_output=True, text=True, timeout=120, check=False, cwd=folder
            )
            if done.returncode != 0:
                lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
                raise Unavailable(f"{Path(command[0]).name} failed: {lines[-1] if lines else done.returncode}")

        run(str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-locale")
        options = [
            f"-k {folder / 'socket'}",
            f"-c listen_addresses={'127.0.0.1' if tcp else ''!r}",
            f"-p {server.port or 5432}",
            "-c max_connections=200",
        ]
        if not durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        run(
            str(bin_dir / "pg_ctl"),
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(data),
            "-l",
            str(folder / "log"),
            "-o",
            " ".join(options),
        )
        run(
            str(bin_dir / "createdb"),
            "-h",
            str(folder / "socket"),
            "-p",
            str(server.port or 5432),
            "-U",
            USER,
            "-E",
            "UTF8",
            "-T",
            "template0",
            DATABASE,
        )
    except Unavailable as exc:
        log = folder / "log"
        detail = ""
        with contextlib.suppress(OSError):
            tail = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
            detail = f" ({tail[-1]})" if tail else ""
        server.stop()
        raise Unavailable(f"PostgreSQL cannot be started here: {exc}{detail}") from None
    except (OSError, subprocess.SubprocessError) as exc:
        server.stop()
        raise Unavailable(f"PostgreSQL cannot be started here: {exc}") from None
    return server
