"""Run a command against a throwaway PostgreSQL server.

Usage: python tests/with_postgres.py CMD [ARGS...]

Installs Debian's ``postgresql`` package if no server binaries are found, creates a cluster in a
fresh temporary folder (as the ``postgres`` system user when run as root, since ``initdb`` refuses
root), serves it on a free port of 127.0.0.1 only with its Unix socket inside that folder, and
creates a role with a password and CREATEDB (pytest-django creates ``test_<name>``) and a database
it owns. CMD then runs with ``DATABASE_URL`` pointing at that database. The server is stopped and
the folder removed afterwards, also on failure, Ctrl-C or SIGTERM. Exits with CMD's exit code.

Standard library only, so it runs before anything is installed.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

DEBIAN_ROOT = Path("/usr/lib/postgresql")
SERVER_USER = "postgres"
ROLE = "portal"
DATABASE = "portal"
INITDB_OPTIONS = [
    f"--username={SERVER_USER}",
    "--auth-local=trust",  # the socket is in a folder only the server user can enter
    "--auth-host=scram-sha-256",
    "--encoding=UTF8",
    "--locale=C.UTF-8",
    "--no-sync",
]
SETUP_SQL = """
CREATE ROLE {role} LOGIN CREATEDB PASSWORD '{password}';
CREATE DATABASE {database} OWNER {role};
"""
TEST_SETTINGS = """
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{socket_dir}'
fsync = off
synchronous_commit = off
full_page_writes = off
"""


def find_bin_dir():
    """Return the newest PostgreSQL server binaries folder, or None."""
    debian_dirs = [path.parent for path in DEBIAN_ROOT.glob("*/bin/initdb")]
    if debian_dirs:
        return max(debian_dirs, key=lambda path: float(path.parent.name))
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def install_postgresql():
    """Install Debian's postgresql package (needs root)."""
    apt_get = shutil.which("apt-get")
    if os.geteuid() != 0 or not apt_get:
        sys.exit("with_postgres: PostgreSQL is not installed; install the `postgresql` package.")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt_get, "update"], check=True, env=env)
    subprocess.run([apt_get, "install", "-y", "postgresql"], check=True, env=env)


def free_port():
    """Ask the kernel for a TCP port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def as_server_user(folder):
    """Return a runner for commands as the cluster's owner, inside `folder`."""
    prefix = []
    if os.geteuid() == 0:
        prefix = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", SERVER_USER, "--"]

    def run(*command, **kwargs):
        return subprocess.run([*prefix, *map(str, command)], cwd=folder, **kwargs)

    return run


def raise_on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main(command):
    if not command:
        sys.exit(__doc__)
    bin_dir = find_bin_dir()
    if bin_dir is None:
        install_postgresql()
        bin_dir = find_bin_dir()
    if bin_dir is None:
        sys.exit("with_postgres: no PostgreSQL server binaries (initdb) found.")
    signal.signal(signal.SIGTERM, raise_on_sigterm)

    folder = Path(tempfile.mkdtemp(prefix="portal-postgres-"))
    data_dir, log_file = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        shutil.chown(folder, user=SERVER_USER, group=SERVER_USER)
    run = as_server_user(folder)
    stop_needed = False
    try:
        run(bin_dir / "initdb", *INITDB_OPTIONS, data_dir, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        with open(data_dir / "postgresql.conf", "a") as conf:
            conf.write(TEST_SETTINGS.format(port=port, socket_dir=folder))
        stop_needed = True  # from here on, a server may be running
        start = run(bin_dir / "pg_ctl", "start", "-w", "-s", "-D", data_dir, "-l", log_file)
        if start.returncode != 0:
            sys.stderr.write(log_file.read_text(errors="replace"))
            sys.exit("with_postgres: the PostgreSQL server did not start.")

        password = secrets.token_hex(16)  # hex: safe inside SQL quotes and in a URL
        sql = SETUP_SQL.format(role=ROLE, database=DATABASE, password=password)
        psql = [bin_dir / "psql", "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1"]
        connect = ["--host", folder, "--port", port, "--username", SERVER_USER, "postgres"]
        run(*psql, *connect, input=sql, text=True, check=True)

        url = f"postgres://{ROLE}:{password}@127.0.0.1:{port}/{DATABASE}"
        print(f"with_postgres: PostgreSQL {bin_dir.parent.name} on 127.0.0.1:{port}", flush=True)
        result = subprocess.run(command, env={**os.environ, "DATABASE_URL": url})
        return result.returncode if result.returncode >= 0 else 128 - result.returncode
    except KeyboardInterrupt:
        return 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not skip clean-up
        if stop_needed:
            stop = [bin_dir / "pg_ctl", "stop", "--wait", "-D", data_dir, "--mode"]
            if run(*stop, "fast", stdout=subprocess.DEVNULL).returncode != 0:
                run(*stop, "immediate", stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
