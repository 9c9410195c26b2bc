"""Benchmark the portal as it is deployed: gunicorn, production settings, wrk on 127.0.0.1.

``make bench`` runs ``python bench/benchmark.py``, which

1. for each data size (``python -m bench.scale_data --factor``: 0.1 and 1 unless told otherwise)
   builds a fresh SQLite database in ``var/bench/`` (migrate, load_content, the scale data, a
   signed-in reader and trainees) and starts gunicorn on it with ``PORTAL_ENV=production``, on a
   free port of 127.0.0.1;
2. measures each endpoint at each size in turn (so that whatever else runs on the machine touches
   the sizes alike): one first view, a wrk warm-up, the static file for a few seconds as the
   reference for "× static", then wrk for a fixed time; the quiz submission (GET the form, POST it
   with its fresh single-use token) is driven by the threaded driver below, which counts the
   accepted submissions, and the attempts in the database must be exactly those; last, a mixed
   workload: wrk walks a fixed sequence of requests over every page of the site (every article,
   term, lesson, course and tag page, the indexes, searches over a vocabulary), each page asked
   for as often as its Zipf-distributed popularity says, a fifth of them signed in, so that
   cache misses and evictions show;
3. load-tests gunicorn on a throw-away PostgreSQL server (``tests/with_postgres.py``): many
   trainees, each with its own session, read lessons and submit quizzes at once (every fifth form
   twice at the same moment); afterwards the attempts in the database must be exactly those the
   driver saw accepted, with no server error;
4. prints Markdown tables with the targets met or not, and writes
   ``var/bench/results-<time>.json``.

The targets are for information. The exit status is non-zero only when a step fails or attempts
are lost or duplicated, or the load test meets server errors. Every step and loop is bounded in
time; gunicorn and PostgreSQL are stopped on every way out, Ctrl-C and SIGTERM included. The
machine may be shared: the CPU other processes take during each measurement is recorded too.

    .venv/bin/python bench/benchmark.py                        # everything (make bench)
    .venv/bin/python bench/benchmark.py --factors 0.1 --duration 3 --skip-load-test
    .venv/bin/python tests/with_postgres.py .venv/bin/python bench/benchmark.py --load-test-only
"""

import argparse
import base64
import contextlib
import ctypes
import http.client
import itertools
import json
import math
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import sqlite3
import string
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
SESSION_COOKIE = "__Host-sessionid"  # the production name (settings.SESSION_COOKIE_NAME)
CSRF_COOKIE = "__Host-csrftoken"  # the production name (settings.CSRF_COOKIE_NAME)
LANGUAGE_COOKIE = "django_language"  # settings.LANGUAGE_COOKIE_NAME: a reader's chosen language
TRAINEE_PREFIX = "bench-trainee-"
READER = "bench-reader"
SEARCH_QUERY = "negotiation"
TERM_SLUG = "neutrality"  # a real term that the synthetic articles use too

RATIO_TARGETS = {"home": 0.5, "article": 0.5, "term": 0.5, "lesson": 0.2}
# Each page in Arabic against the same page in English: at most this much fewer req/s.
LANGUAGE_ROWS = {"article_ar": "article", "lesson_ar": "lesson"}
MAX_LANGUAGE_GAP = 0.10
SEARCH_P50_MS, SEARCH_P95_MS = 20, 50
MAX_WORSENING = 0.30
SERVER_LOG_ERRORS = ("Internal Server Error", "WORKER TIMEOUT", "[ERROR]", "[CRITICAL]")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# A slower response counts as a timeout error. wrk looks for them every 2 s, so the timeout must
# be well below the run's duration to be seen at all.
WRK_TIMEOUT = 5  # seconds
TWICE_EVERY = 5  # in the load test, every fifth quiz form is posted twice at the same moment
# The mixed workload: the page of popularity rank r is asked for in proportion to 1 / r**MIX_ZIPF,
# MIX_SIGNED_IN of the requests by the reader or a trainee (the sessions made for the other rows).
MIX_ZIPF = 1.0
MIX_SIGNED_IN = 0.2
MIX_REQUESTS = 100_000  # the fixed sequence wrk walks, again from the start if the run is longer
MIX_SEED = 1

# Prints wrk's figures as one JSON line after the run; wrk counts status >= 400 as "status".
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""

# Walks the mixed workload's plan: one request a line, the session's number (0: anonymous) and the
# path. wrk's threads take turns along it, from the request given as the script's argument on.
WRK_MIX = string.Template("""
local plan, threads = [[$plan]], $threads
local sessions = {$sessions}
local started = 0

function setup(thread)
  thread:set("turn", started)
  started = started + 1
end

function init(args)
  paths, signed = {}, {}
  for line in io.lines(plan) do
    local session, path = line:match("^(%d+) (.+)$$")
    signed[#signed + 1] = tonumber(session)
    paths[#paths + 1] = path
  end
  count = #paths
  position = tonumber(args[1]) + turn
end

function request()
  local n = position % count + 1
  position = position + threads
  if signed[n] > 0 then
    return wrk.format("GET", paths[n], {Cookie = sessions[signed[n]]})
  end
  return wrk.format("GET", paths[n])
end
""")


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    trainee: bool = False
    expect: str = ""  # text the page must contain when checked before the run
    targeted: bool = True  # False: measured for information, outside the targets
    language: str = ""  # asked under this language's prefix, with its cookie, as a reader would


ENDPOINTS = [
    Endpoint("static", "static file (hashed CSS, whitenoise)", expect="{"),
    Endpoint("home", "home page", expect="<h1"),
    Endpoint("article", "article", expect="<h1"),
    Endpoint("glossary", "glossary index", expect="<h1"),
    Endpoint("term", "glossary term", expect="<h1"),
    Endpoint("search", f"search ?q={SEARCH_QUERY}", expect='class="search-results"'),
    Endpoint(
        "search_signed_in",
        f"search ?q={SEARCH_QUERY}, signed in (for information)",
        trainee=True,
        expect='class="search-results"',
        targeted=False,
    ),
    Endpoint("course", "course outline (trainee)", trainee=True, expect="Log out"),
    Endpoint("lesson", "lesson (trainee)", trainee=True, expect="Log out"),
    Endpoint("article_ar", "article in Arabic", expect='dir="rtl"', language="ar"),
    Endpoint(
        "lesson_ar", "lesson in Arabic (trainee)", trainee=True, expect='dir="rtl"', language="ar"
    ),
    Endpoint("attempt", "quiz result page (trainee)", trainee=True, expect="Log out"),
]
SUBMIT = Endpoint("submit", "quiz submission: GET form + POST (trainees)", trainee=True)
MIXED = Endpoint(
    "mixed",
    "mixed: every page, Zipf-distributed, a fifth signed in (for information)",
    targeted=False,
)


class Stop(Exception):
    """SIGTERM, SIGALRM (the time limit) or Ctrl-C: clean up and leave."""


def raise_stop(signum, frame):
    raise Stop(signal.Signals(signum).name)


def log(message):
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- Inside Django: run as ``benchmark.py --internal prepare|count`` with the portal's env. ---


def django_setup():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy_portal.settings")
    import django

    django.setup()


def prepare(trainees):
    """Create a reader and ``trainees`` trainees with sessions; return URLs and session keys."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.middleware.csrf import CSRF_SECRET_LENGTH
    from django.urls import reverse
    from django.utils import translation
    from django.utils.crypto import get_random_string

    from accounts.models import User
    from accounts.sessions import SessionStore
    from articles.models import Article
    from bench.scale import PREFIX
    from courses import services
    from courses.models import Course, Lesson, Quiz
    from glossary.models import Term

    def signed_in(username, name):
        user = User.objects.create_user(username, display_name=name)  # no usable password
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "accounts.backends.AccountBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return user, session.session_key

    courses = Course.objects.published().exclude(slug__startswith=PREFIX).order_by("pk")
    course = courses.first()
    lessons = Lesson.objects.filter(course__in=courses).select_related("course")
    quizzes = Quiz.objects.filter(course__in=courses).select_related("course").order_by("pk")
    lesson = lessons.filter(course=course).order_by("position").first()
    quiz = quizzes.filter(course=course).first()

    reader, reader_session = signed_in(READER, "Bench reader")
    services.complete_lesson(user=reader, lesson=lesson)
    graded = []
    for question in quiz.questions.prefetch_related("choices"):
        chosen = [choice for choice in question.choices.all() if choice.is_correct]
        graded.append((question, chosen, question.is_answered_by(chosen)))
    attempt, _ = services.submit_attempt(
        user=reader, quiz=quiz, token=secrets.token_hex(16), graded_answers=graded
    )
    sessions = [signed_in(f"{TRAINEE_PREFIX}{n}", f"Trainee {n}")[1] for n in range(trainees)]
    article = Article.objects.published().exclude(slug__startswith=PREFIX).order_by("pk").first()
    term = Term.objects.filter(slug=TERM_SLUG).first() or Term.objects.order_by("pk").first()
    with translation.override("ar"):
        in_arabic = {
            "article_ar": article.get_absolute_url(),
            "lesson_ar": lesson.get_absolute_url(),
        }
    return {
        "paths": {
            "static": staticfiles_storage.url("css/portal.css"),
            "home": reverse("home"),
            "article": article.get_absolute_url(),
            "glossary": reverse("glossary:term_list"),
            "term": term.get_absolute_url(),
            "search": f"{reverse('search')}?{urlencode({'q': SEARCH_QUERY})}",
            "search_signed_in": f"{reverse('search')}?{urlencode({'q': SEARCH_QUERY})}",
            "course": course.get_absolute_url(),
            "lesson": lesson.get_absolute_url(),
            "attempt": attempt.get_absolute_url(),
            "submit": quiz.get_absolute_url(),
            **in_arabic,
        },
        "reader": reader_session,
        "reader_csrf": get_random_string(CSRF_SECRET_LENGTH),
        "trainees": sessions,
        "trainees_csrf": [get_random_string(CSRF_SECRET_LENGTH) for _ in sessions],
        "lessons": [item.get_absolute_url() for item in lessons],
        "quizzes": [item.get_absolute_url() for item in quizzes],
        "mixed": every_page(),
    }


def every_page():
    """The mixed workload's pages: every published article, term, course, lesson and tag page,
    the indexes, and a search for each word of the synthetic vocabulary and each real term."""
    from django.urls import reverse

    from articles.models import Article
    from bench.scale import PREFIX, WORDS
    from courses.models import Course, Lesson
    from glossary.models import Term

    articles = Article.objects.published().order_by("pk")
    courses = Course.objects.published().order_by("pk")
    lessons = Lesson.objects.filter(course__in=courses).select_related("course").order_by("pk")
    terms = Term.objects.order_by("pk")
    tags = {
        *articles.filter(tags__isnull=False).values_list("tags__slug", flat=True),
        *lessons.filter(tags__isnull=False).values_list("tags__slug", flat=True),
    }
    queries = [*WORDS, *terms.exclude(slug__startswith=PREFIX).values_list("term", flat=True)]
    names = ["home", "articles:article_list", "glossary:term_list", "courses:course_list"]
    pages = [
        *(reverse(name) for name in names),
        *(item.get_absolute_url() for item in itertools.chain(articles, terms, courses, lessons)),
        *(reverse("tag_detail", args=[slug]) for slug in sorted(tags)),
        *(f"{reverse('search')}?{urlencode({'q': query})}" for query in queries),
    ]
    return list(dict.fromkeys(pages))  # each once


def count_attempts():
    """The bench trainees' attempts in the database, and which database it is."""
    from django.db import connection

    from courses.models import Attempt

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        version = cursor.fetchone()[0] if connection.vendor == "postgresql" else None
    ids = Attempt.objects.filter(user__username__startswith=TRAINEE_PREFIX).values_list(
        "pk", flat=True
    )
    return {
        "vendor": connection.vendor,
        "version": version or f"SQLite {sqlite3.sqlite_version}",
        "attempt_ids": sorted(ids),
    }


def internal(command, trainees, out):
    django_setup()
    data = prepare(trainees) if command == "prepare" else count_attempts()
    Path(out).write_text(json.dumps(data))


# --- Processes: manage.py, the Django-side helpers above, gunicorn, wrk. ---


def portal_env(database_url):
    """Production settings on plain HTTP at 127.0.0.1, with keys made for this run only."""
    return {
        **os.environ,
        "PORTAL_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SITE_ORIGIN": f"http://{HOST}",
        "PASSWORD_RESET_DISABLED": "1",  # no mail server: the benchmark sends none
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "CERTIFICATE_SIGNING_KEY": base64.b64encode(os.urandom(32)).decode(),
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }


def run(command, *, env, timeout):
    subprocess.run(
        [str(part) for part in command],
        cwd=BASE_DIR,
        env=env,
        timeout=timeout,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def manage(env, *args, timeout=600):
    log(f"manage.py {' '.join(args)}")
    run([sys.executable, "manage.py", *args], env=env, timeout=timeout)


def django_helper(env, command, trainees=0, timeout=300):
    out = BENCH_DIR / f"{command}-{os.getpid()}.json"
    try:
        run(
            [sys.executable, __file__, "--internal", command, "--trainees", trainees, "--out", out],
            env=env,
            timeout=timeout,
        )
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def build_database(env, factor):
    manage(env, "migrate", "--no-input")
    manage(env, "load_content")
    log(f"bench.scale_data --factor {factor}")
    run([sys.executable, "-m", "bench.scale_data", "--factor", factor], env=env, timeout=1200)


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def die_with_parent():
    """In the gunicorn child: get SIGTERM if this script dies, even by SIGKILL (Linux)."""
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Gunicorn:
    """gunicorn serving the portal on a free port; stopped (group-wide) when the block ends."""

    def __init__(self, env, workers, log_path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.process = None

    def __enter__(self):
        log(f"gunicorn, {self.workers} workers, on {HOST}:{self.port}")
        with open(self.log_path, "w") as log_file:
            self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
                [
                    str(BIN / "gunicorn"),
                    "diplomacy_portal.wsgi:application",
                    f"--bind={HOST}:{self.port}",
                    f"--workers={self.workers}",
                    "--graceful-timeout=5",
                    "--log-level=warning",
                ],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                process_group=0,
                preexec_fn=die_with_parent,  # noqa: PLW1509 - no threads run yet
            )
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                if fetch(self.port, "/healthz")[0] == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn not ready after {timeout} s:\n{self.log_tail()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log_tail(self, lines=30):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def log_errors(self):
        text = self.log_path.read_text(errors="replace")
        return {marker: text.count(marker) for marker in SERVER_LOG_ERRORS if marker in text}

    def cpu_seconds(self):
        """CPU time used so far by the master and its live workers."""
        master = self.process.pid
        total = 0.0
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(entry.name) == master or int(fields[1]) == master:
                        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        return total

    def wait_idle(self, limit=180):
        """Wait until the workers are done with what is queued (a slow page keeps them busy
        after wrk has gone), so that the next measurement starts on an idle server."""
        deadline = time.monotonic() + limit
        before, start = self.cpu_seconds(), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            used, now = self.cpu_seconds(), time.monotonic()
            if (used - before) / (now - start) < 0.05:
                return True
            before, start = used, now
        log(f"gunicorn still busy after {limit} s")
        return False


class CpuMeter:
    """CPU used during a measurement: by the bench (gunicorn, wrk, the driver) and by others.

    The machine may be shared; ``other_cores`` says how much of it something else took.
    """

    def __init__(self, servers):
        self.servers = servers

    def snapshot(self):
        with open("/proc/stat") as stat:
            ticks = [int(value) for value in stat.readline().split()[1:9]]
        busy = (sum(ticks) - ticks[3] - ticks[4]) / CLOCK_TICKS  # all but idle and iowait
        ours = sum(os.times()[:4])  # this process and the children it waited for (wrk)
        server = sum(s.cpu_seconds() for s in self.servers)
        return time.monotonic(), busy, ours + server, server

    def __enter__(self):
        self.start = self.snapshot()
        return self

    def __exit__(self, *exc):
        end = self.snapshot()
        seconds = end[0] - self.start[0]
        ours = end[2] - self.start[2]
        self.server_seconds = end[3] - self.start[3]
        self.figures = {
            "bench_cores": round(ours / seconds, 2),
            "server_cores": round(self.server_seconds / seconds, 2),
            "other_cores": round(max(0.0, end[1] - self.start[1] - ours) / seconds, 2),
        }

    def ms_per(self, count):
        """Server CPU milliseconds per request (or per submission)."""
        return self.server_seconds * 1000 / count if count else None


def fetch(port, path, cookie=None, timeout=30):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    finally:
        connection.close()


def run_wrk(port, path, *, cookie, seconds, threads, connections, script, script_args=()):
    command = [
        "wrk",
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        f"--timeout={WRK_TIMEOUT}s",
        "--latency",
        f"--script={script}",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    result = subprocess.run(  # noqa: S603 - our own fixed command
        [*command, f"http://{HOST}:{port}{path}", *map(str, script_args)],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH_JSON "))
    figures = json.loads(line.removeprefix("BENCH_JSON "))
    errors = {key: figures[key] for key in ("connect", "read", "write", "timeout", "status")}
    answered = figures["requests"] > 0
    # Connections that never had an answer during the run (wrk counts them nowhere else).
    errors["unanswered"] = max(0, connections - figures["requests"])
    return {
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        **{
            f"p{share}_ms": figures[f"p{share}_us"] / 1000 if answered else None
            for share in (50, 95, 99)
        },
        "requests": figures["requests"],
        "bytes_per_response": round(figures["bytes"] / max(figures["requests"], 1)),
        "errors": errors,
        "error_count": sum(errors.values()),
    }


# --- The trainee driver: threads, each with its own session and connection. ---

TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OPTION_RE = re.compile(r'<input type="(radio|checkbox)" name="(question_\d+)" value="(\d+)"')
ATTEMPT_RE = re.compile(r"/attempts/(\d+)/$")


class SocketError(Exception):
    pass


class Client:
    """One browser: its cookies and one keep-alive-if-offered connection to gunicorn."""

    def __init__(self, port, cookies):
        self.port = port
        self.cookies = dict(cookies)
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method, path, body=None):
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            page = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            raise SocketError(error) from error
        elapsed = time.perf_counter() - start
        if response.will_close:
            self.connection.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value in ("", '""') or "max-age=0" in header.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response.status, response.getheader("Location", ""), page, elapsed

    def close(self):
        self.connection.close()


def answers_for(page, rng):
    """The POST body for a quiz page: CSRF token, attempt token and a random answer each."""
    token, csrf = TOKEN_RE.search(page), CSRF_RE.findall(page)
    if not token or not csrf:
        return None
    options = defaultdict(list)
    kinds = {}
    for kind, name, value in OPTION_RE.findall(page):
        options[name].append(value)
        kinds[name] = kind
    fields = [("csrfmiddlewaretoken", csrf[-1]), ("token", token.group(1))]
    for name, values in options.items():
        if kinds[name] == "checkbox":
            fields += [(name, value) for value in rng.sample(values, rng.randint(1, len(values)))]
        else:
            fields.append((name, rng.choice(values)))
    return urlencode(fields) if options else None


class Tally:
    """What the driver saw, shared by its threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.statuses = defaultdict(Counter)
        self.socket_errors = 0
        self.unexpected = Counter()
        self.accepted_ids = set()
        self.fresh_accepted = 0
        self.double_posts = 0
        self.double_mismatches = 0

    def record(self, kind, status, elapsed, ok):
        with self.lock:
            self.statuses[kind][status] += 1
            self.latencies[kind].append(elapsed)
            if not ok:
                self.unexpected[f"{kind} {status}"] += 1

    def socket_error(self):
        with self.lock:
            self.socket_errors += 1

    @property
    def server_errors(self):
        return sum(n for c in self.statuses.values() for s, n in c.items() if s >= 500)

    @property
    def error_count(self):
        return self.socket_errors + sum(self.unexpected.values())


def post_answers(client, path, body, tally):
    """POST a quiz form; the attempt id when answered by a redirect to an attempt page."""
    try:
        status, location, _, elapsed = client.request("POST", path, body)
    except SocketError:
        tally.socket_error()
        return None
    found = ATTEMPT_RE.search(location) if status == 302 else None
    tally.record("quiz POST", status, elapsed, ok=found is not None)
    return int(found.group(1)) if found else None


def submit_quiz(client, path, rng, tally, *, twice):
    """GET the quiz, answer it, POST it (``twice``: two POSTs of one form at the same moment)."""
    try:
        status, _, page, elapsed = client.request("GET", path)
    except SocketError:
        tally.socket_error()
        return
    body = answers_for(page, rng) if status == 200 else None
    tally.record("quiz GET", status, elapsed, ok=body is not None)
    if body is None:
        return
    if not twice:
        attempt_ids = [post_answers(client, path, body, tally)]
    else:
        other = Client(client.port, client.cookies)
        attempt_ids = [None, None]

        def second():
            attempt_ids[1] = post_answers(other, path, body, tally)

        thread = threading.Thread(target=second, daemon=True)
        thread.start()
        attempt_ids[0] = post_answers(client, path, body, tally)
        thread.join(timeout=60)
        other.close()
    answered = {pk for pk in attempt_ids if pk is not None}
    with tally.lock:
        if twice:
            tally.double_posts += 1
            tally.double_mismatches += len(answered) > 1  # one form, two attempts
        tally.fresh_accepted += bool(answered)
        tally.accepted_ids.update(answered)


@dataclass(frozen=True)
class Plan:
    quizzes: list
    lessons: list = ()
    twice_every: int = 0  # every n-th form (the 2nd, the n+2nd...) posted twice at once; 0: no


def trainee_loop(port, session_key, plan, deadline, tally, seed):
    rng = random.Random(seed)
    client = Client(port, {SESSION_COOKIE: session_key})
    cycle = 0
    while time.monotonic() < deadline:
        cycle += 1
        if plan.lessons:
            try:
                status, _, _, elapsed = client.request("GET", rng.choice(plan.lessons))
                tally.record("lesson GET", status, elapsed, ok=status == 200)
            except SocketError:
                tally.socket_error()
                time.sleep(0.05)
                continue
        twice = bool(plan.twice_every) and cycle % plan.twice_every == 2 % plan.twice_every
        submit_quiz(client, rng.choice(plan.quizzes), rng, tally, twice=twice)
    client.close()


def drive(port, sessions, plan, seconds):
    """Run one thread per session for ``seconds``; return the tally and the elapsed time."""
    tally = Tally()
    start = time.monotonic()
    deadline = start + seconds
    threads = [
        threading.Thread(
            target=trainee_loop, args=(port, key, plan, deadline, tally, n), daemon=True
        )
        for n, key in enumerate(sessions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.1, deadline + 90 - time.monotonic()))
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        log(f"{stuck} driver threads still waiting after the deadline; left behind")
    return tally, time.monotonic() - start


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share / 100 * len(ordered)) - 1)]


def latency_ms(tally, kind, share):
    value = percentile(tally.latencies[kind], share)
    return None if value is None else value * 1000


def tally_summary(tally, elapsed):
    return {
        "seconds": round(elapsed, 1),
        "requests": {kind: dict(counts) for kind, counts in tally.statuses.items()},
        "latency_ms": {
            kind: {f"p{share}": latency_ms(tally, kind, share) for share in (50, 95, 99)}
            for kind in tally.latencies
        },
        "accepted_submissions": tally.fresh_accepted,
        "distinct_attempts_seen": len(tally.accepted_ids),
        "double_posts": tally.double_posts,
        "double_posts_answered_differently": tally.double_mismatches,
        "socket_errors": tally.socket_errors,
        "server_errors": tally.server_errors,
        "unexpected_responses": dict(tally.unexpected),
    }


# --- The SQLite benchmark at one data size. ---


@dataclass
class Site:
    """One data size: its database, environment, bench accounts and URLs, and its server."""

    factor: float
    database: Path
    env: dict
    data: dict
    setup_seconds: float
    server: "Gunicorn | None" = None

    @property
    def reader_cookie(self):
        """The cookies a browser holds once signed in: its session and its CSRF secret."""
        return f"{SESSION_COOKIE}={self.data['reader']}; {CSRF_COOKIE}={self.data['reader_csrf']}"

    @property
    def signed_in_cookies(self):
        """The reader's cookies, then each trainee's (its session and a CSRF secret of its own)."""
        trainees = zip(self.data["trainees"], self.data["trainees_csrf"], strict=True)
        return [
            self.reader_cookie,
            *(f"{SESSION_COOKIE}={key}; {CSRF_COOKIE}={csrf}" for key, csrf in trainees),
        ]


def build_site(factor, args):
    database = BENCH_DIR / f"portal-factor-{factor}.sqlite3"
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    log(f"factor {factor}: fresh SQLite database")
    env = portal_env(f"sqlite:///{database}")
    started = time.monotonic()
    build_database(env, factor)
    data = django_helper(env, "prepare", trainees=args.connections)
    return Site(factor, database, env, data, time.monotonic() - started)


def compare_with_static(figures):
    """× static: by throughput, and by server CPU per request (which others' load moves less)."""
    static = figures["static"] or {}
    figures["vs_static"] = figures["rps"] / static["rps"] if static.get("rps") else None
    cpu_ms, static_ms = figures.get("server_ms"), static.get("server_ms")
    figures["cpu_vs_static"] = static_ms / cpu_ms if cpu_ms and static_ms else None


def measure(site, endpoint, args, script, servers):
    """One endpoint at one size: a first view (for anonymous pages a cache miss), a wrk
    warm-up, the static file for reference, then the measured run; the server is left idle."""
    server, path = site.server, site.data["paths"][endpoint.key]
    cookie = site.reader_cookie if endpoint.trainee else None
    if endpoint.language:
        cookie = "; ".join(filter(None, [cookie, f"{LANGUAGE_COOKIE}={endpoint.language}"]))
    wrk = {"threads": args.threads, "connections": args.connections, "script": script}
    try:
        start = time.perf_counter()
        status, page = fetch(server.port, path, cookie, timeout=120)
        first_ms = (time.perf_counter() - start) * 1000
        if status != 200 or endpoint.expect not in page:
            raise RuntimeError(f"status {status}, or {endpoint.expect!r} not in the page")
        run_wrk(server.port, path, cookie=cookie, seconds=args.warmup, **wrk)
        server.wait_idle()
        static = None
        if endpoint.key != "static" and args.static_reference:
            static_path, seconds = site.data["paths"]["static"], args.static_reference
            with CpuMeter(servers) as static_cpu:
                static = run_wrk(server.port, static_path, cookie=None, seconds=seconds, **wrk)
            static["server_ms"] = static_cpu.ms_per(static["requests"])
        with CpuMeter(servers) as cpu:
            figures = run_wrk(server.port, path, cookie=cookie, seconds=args.duration, **wrk)
    except (OSError, http.client.HTTPException, RuntimeError, subprocess.SubprocessError) as error:
        log(f"{path}: {error!r}")
        figures = {"rps": 0.0, "p50_ms": None, "p95_ms": None, "error_count": 1}
        figures.update(failed=repr(error), first_ms=None, cpu=None, server_ms=None, static=None)
    else:
        figures.update(first_ms=first_ms, cpu=cpu.figures)
        figures["server_ms"] = cpu.ms_per(figures["requests"])
        figures["static"] = static or {"rps": figures["rps"], "server_ms": figures["server_ms"]}
    server.wait_idle()
    compare_with_static(figures)
    log(f"factor {site.factor} {endpoint.key}: {figures['rps']:.0f} req/s")
    return {"path": path, **figures}


def measure_submissions(site, args, servers):
    """Trainees GET the quiz and POST it with its fresh token, one thread each."""
    server, path = site.server, site.data["paths"]["submit"]
    plan = Plan(quizzes=[path])
    warmup, _ = drive(server.port, site.data["trainees"], plan, args.warmup)
    server.wait_idle()
    static = None
    if args.static_reference:
        with CpuMeter(servers) as static_cpu:
            static = run_wrk(
                server.port,
                site.data["paths"]["static"],
                cookie=None,
                seconds=args.static_reference,
                threads=args.threads,
                connections=args.connections,
                script=BENCH_DIR / "report.lua",
            )
        static["server_ms"] = static_cpu.ms_per(static["requests"])
    with CpuMeter(servers) as cpu:
        tally, elapsed = drive(server.port, site.data["trainees"], plan, args.duration)
    server.wait_idle()
    rps = tally.fresh_accepted / elapsed
    log(f"factor {site.factor} submit: {rps:.0f} submissions/s")
    figures = {
        "path": path,
        "rps": rps,
        "p50_ms": latency_ms(tally, "quiz POST", 50),
        "p95_ms": latency_ms(tally, "quiz POST", 95),
        "p99_ms": latency_ms(tally, "quiz POST", 99),
        "first_ms": None,
        "form_p50_ms": latency_ms(tally, "quiz GET", 50),
        "form_p95_ms": latency_ms(tally, "quiz GET", 95),
        "error_count": tally.error_count + warmup.error_count,
        "driver": tally_summary(tally, elapsed),
        "accepted_ids": warmup.accepted_ids | tally.accepted_ids,
        "cpu": cpu.figures,
        "server_ms": cpu.ms_per(tally.fresh_accepted),
        "static": static,
    }
    compare_with_static(figures)
    return figures


def write_mixed_plan(site, threads):
    """The mixed workload at one size: its plan (MIX_REQUESTS requests drawn with MIX_SEED) and
    the wrk script that walks it; returns the script's path."""
    rng = random.Random(MIX_SEED)
    pages = list(site.data["mixed"])
    rng.shuffle(pages)  # the popularity ranks: the most asked-for pages are of every kind
    weights = itertools.accumulate(1 / rank**MIX_ZIPF for rank in range(1, len(pages) + 1))
    picks = rng.choices(pages, cum_weights=list(weights), k=MIX_REQUESTS)
    signed = set(rng.sample(range(MIX_REQUESTS), round(MIX_REQUESTS * MIX_SIGNED_IN)))
    cookies = site.signed_in_cookies
    plan = BENCH_DIR / f"mixed-factor-{site.factor}.txt"
    plan.write_text(
        "".join(
            f"{rng.randint(1, len(cookies)) if n in signed else 0} {path}\n"
            for n, path in enumerate(picks)
        )
    )
    script = BENCH_DIR / f"mixed-factor-{site.factor}.lua"
    sessions = ", ".join(f"[[{cookie}]]" for cookie in cookies)
    walk = WRK_MIX.substitute(plan=plan, threads=threads, sessions=sessions)
    script.write_text(walk + WRK_REPORT)
    return script


def measure_mixed(site, args, servers):
    """The mixed workload at one size: a warm-up along the plan, the static file for reference,
    then the measured run along the plan from where the warm-up stopped; the server is left
    idle."""
    server = site.server
    wrk = {"threads": args.threads, "connections": args.connections}
    mix = {**wrk, "cookie": None, "script": write_mixed_plan(site, args.threads)}
    try:
        warmup = run_wrk(server.port, "/", seconds=args.warmup, script_args=[0], **mix)
        server.wait_idle()
        static = None
        if args.static_reference:
            static_path, seconds = site.data["paths"]["static"], args.static_reference
            with CpuMeter(servers) as static_cpu:
                static = run_wrk(
                    server.port,
                    static_path,
                    cookie=None,
                    seconds=seconds,
                    script=BENCH_DIR / "report.lua",
                    **wrk,
                )
            static["server_ms"] = static_cpu.ms_per(static["requests"])
        with CpuMeter(servers) as cpu:
            start = [warmup["requests"]]  # where the warm-up stopped
            figures = run_wrk(server.port, "/", seconds=args.duration, script_args=start, **mix)
    except (OSError, http.client.HTTPException, RuntimeError, subprocess.SubprocessError) as error:
        log(f"mixed workload: {error!r}")
        figures = {"rps": 0.0, "p50_ms": None, "p95_ms": None, "error_count": 1}
        figures.update(failed=repr(error), cpu=None, server_ms=None, static=None)
    else:
        figures.update(cpu=cpu.figures, server_ms=cpu.ms_per(figures["requests"]))
        figures["static"] = static or {"rps": figures["rps"], "server_ms": figures["server_ms"]}
    server.wait_idle()
    compare_with_static(figures)
    log(f"factor {site.factor} mixed: {figures['rps']:.0f} req/s")
    return {
        "path": f"{len(site.data['mixed'])} distinct URLs",
        "distinct_urls": len(site.data["mixed"]),
        "first_ms": None,
        **figures,
    }


def bench_sqlite(args):
    """Every endpoint at every size; the sizes take turns, so that a change in what else
    runs on the machine touches them alike."""
    script = BENCH_DIR / "report.lua"
    script.write_text(WRK_REPORT)
    sites = [build_site(factor, args) for factor in args.factors]
    results = {site.factor: {} for site in sites}
    with contextlib.ExitStack() as stack:
        for site in sites:
            log_path = BENCH_DIR / f"gunicorn-factor-{site.factor}.log"
            site.server = stack.enter_context(Gunicorn(site.env, args.workers, log_path))
        servers = [site.server for site in sites]
        for endpoint in ENDPOINTS:
            for site in sites:
                results[site.factor][endpoint.key] = measure(site, endpoint, args, script, servers)
        for site in sites:
            results[site.factor]["submit"] = measure_submissions(site, args, servers)
        for site in sites:
            results[site.factor]["mixed"] = measure_mixed(site, args, servers)
    report = {}
    for site in sites:
        submit = results[site.factor]["submit"]
        stored = set(django_helper(site.env, "count")["attempt_ids"])
        seen = submit.pop("accepted_ids")
        submit.update(
            attempts_accepted=len(seen),
            attempts_in_database=len(stored),
            attempts_match=stored == seen,
        )
        report[str(site.factor)] = {
            "database": str(site.database.relative_to(BASE_DIR)),
            "setup_seconds": round(site.setup_seconds),
            "server_log_errors": site.server.log_errors(),
            "endpoints": results[site.factor],
        }
    return report


# --- The PostgreSQL load test (run under tests/with_postgres.py). ---


def load_test(args):
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "--load-test-only needs a PostgreSQL DATABASE_URL: run it under "
            "tests/with_postgres.py (see this file's docstring)."
        )
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    env = portal_env(database_url)
    manage(env, "collectstatic", "--no-input", "--verbosity=0")
    build_database(env, args.load_factor)
    data = django_helper(env, "prepare", trainees=args.load_trainees)
    plan = Plan(quizzes=data["quizzes"], lessons=data["lessons"], twice_every=TWICE_EVERY)
    with Gunicorn(env, args.workers, BENCH_DIR / "gunicorn-load-test.log") as server:
        log(f"load test: {args.load_trainees} trainees for {args.load_duration} s")
        with CpuMeter([server]) as cpu:
            tally, elapsed = drive(server.port, data["trainees"], plan, args.load_duration)
    stored = django_helper(env, "count")
    result = {
        "database": stored["version"],
        "factor": args.load_factor,
        "trainees": args.load_trainees,
        "workers": args.workers,
        **tally_summary(tally, elapsed),
        "attempts_in_database": len(stored["attempt_ids"]),
        "attempts_match": set(stored["attempt_ids"]) == tally.accepted_ids
        and tally.fresh_accepted == len(tally.accepted_ids),
        "server_log_errors": server.log_errors(),
        "cpu": cpu.figures,
    }
    result["ok"] = (
        result["attempts_match"]
        and not result["server_errors"]
        and not result["server_log_errors"]
        and not result["double_posts_answered_differently"]
    )
    return result


def load_test_under_postgres(args):
    """Run this script's --load-test-only under with_postgres.py, in its own process group."""
    out = BENCH_DIR / f"load-test-{os.getpid()}.json"
    command = [
        sys.executable,
        BASE_DIR / "tests" / "with_postgres.py",
        sys.executable,
        __file__,
        "--load-test-only",
        f"--result-file={out}",
        f"--workers={args.workers}",
        f"--load-trainees={args.load_trainees}",
        f"--load-duration={args.load_duration}",
        f"--load-factor={args.load_factor}",
        f"--time-limit={args.load_time_limit}",
    ]
    log("load test on a throw-away PostgreSQL server")
    process = subprocess.Popen([str(part) for part in command], cwd=BASE_DIR, process_group=0)  # noqa: S603
    try:
        process.wait(timeout=args.load_time_limit + 120)
    finally:
        if process.poll() is None:  # time limit, Ctrl-C or SIGTERM: let with_postgres clean up
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
    if process.returncode != 0 or not out.exists():
        raise RuntimeError(f"the PostgreSQL load test failed (exit status {process.returncode})")
    try:
        return json.loads(out.read_text())
    finally:
        out.unlink()


# --- Targets, table, machine. ---


FIGURES = ("rps", "p50_ms", "p95_ms")


def ratio(small, large):
    return large / small if small and large is not None else None


def scaling(results, factors):
    """For each endpoint: the figure at the largest size / the figure at the smallest."""
    small, large = results[str(factors[0])]["endpoints"], results[str(factors[-1])]["endpoints"]
    return {key: {f: ratio(small[key][f], large[key][f]) for f in FIGURES} for key in small}


def worsening(small, large):
    """The figures that got more than MAX_WORSENING worse: less throughput, more latency
    (or no answer within wrk's timeout at all)."""
    worse = []
    if small["rps"] and large["rps"] < small["rps"] * (1 - MAX_WORSENING):
        worse.append("req/s")
    for figure, name in (("p50_ms", "p50"), ("p95_ms", "p95")):
        if small[figure] is not None and (
            large[figure] is None or large[figure] > small[figure] * (1 + MAX_WORSENING)
        ):
            worse.append(name)
    return worse


def evaluate(results, factors, load):
    """The targets, each with the figure behind it and whether it is met."""
    targets = []
    per_factor = {str(f): results[str(f)]["endpoints"] for f in factors}
    for key, share in RATIO_TARGETS.items():
        label = next(e.label for e in ENDPOINTS if e.key == key)
        shown = " · ".join(f"@{f}: {percent(e[key]['vs_static'])}" for f, e in per_factor.items())
        by_cpu = " · ".join(percent(e[key]["cpu_vs_static"]) for e in per_factor.values())
        shown += f" (by server CPU: {by_cpu})"
        met = all((e[key]["vs_static"] or 0) >= share for e in per_factor.values())
        targets.append((f"{label}: at least {share:.0%} of the static file's req/s", shown, met))
    for key, english in LANGUAGE_ROWS.items():
        label = next(e.label for e in ENDPOINTS if e.key == key)
        gaps = {
            f: 1 - e[key]["rps"] / e[english]["rps"]
            for f, e in per_factor.items()
            if e[english]["rps"]
        }
        shown = " · ".join(f"@{f}: {-gap:+.0%}" for f, gap in gaps.items())
        met = len(gaps) == len(per_factor) and all(gap <= MAX_LANGUAGE_GAP for gap in gaps.values())
        targets.append(
            (f"{label}: within {MAX_LANGUAGE_GAP:.0%} of the English page's req/s", shown, met)
        )
    search = results[str(factors[-1])]["endpoints"]["search"]
    met = search["p95_ms"] is not None and search["p50_ms"] < SEARCH_P50_MS
    targets.append(
        (
            f"search @{factors[-1]}: p50 under {SEARCH_P50_MS} ms, p95 under {SEARCH_P95_MS} ms",
            f"p50 {fmt(search['p50_ms'], 1)} ms, p95 {fmt(search['p95_ms'], 1)} ms"
            if search["p95_ms"] is not None
            else f"no answer within wrk's {WRK_TIMEOUT} s timeout",
            met and search["p95_ms"] < SEARCH_P95_MS,
        )
    )
    if len(factors) > 1:
        small, large = per_factor[str(factors[0])], per_factor[str(factors[-1])]
        targeted = {e.key for e in [*ENDPOINTS, SUBMIT, MIXED] if e.targeted}
        worse = {key: worsening(small[key], large[key]) for key in small if key in targeted}
        shown = "; ".join(f"{key}: {', '.join(w)}" for key, w in worse.items() if w) or "none"
        targets.append(
            (
                f"no figure more than {MAX_WORSENING:.0%} worse from @{factors[0]} to "
                f"@{factors[-1]}",
                f"worse: {shown}",
                not any(worse.values()),
            )
        )
    errors = sum(e["error_count"] for f in per_factor.values() for e in f.values())
    log_errors = sum(sum(results[str(f)]["server_log_errors"].values()) for f in factors)
    parts = [f"benchmark {errors}", f"server log {log_errors}"]
    total = errors + log_errors
    if load:
        load_errors = load["socket_errors"] + sum(load["unexpected_responses"].values())
        load_errors += sum(load["server_log_errors"].values())
        parts.append(f"load test {load_errors}")
        total += load_errors
    targets.append(("zero errors", ", ".join(parts), total == 0))
    return [{"target": t, "figure": f, "met": m} for t, f, m in targets]


def fmt(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def fmt_ms(value):
    return fmt(value, 2 if value is not None and value < 10 else 0)


def percent(value):
    return "–" if value is None else f"{value:.0%}"


def table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def render(report):
    factors = report["config"]["factors"]
    config = report["config"]
    results = {f: report["factors"][str(f)]["endpoints"] for f in factors}
    ratios = scaling(report["factors"], factors) if len(factors) > 1 else {}
    endpoints = [*ENDPOINTS, SUBMIT, MIXED]
    at = [f"@{f}" for f in factors]
    grow = f"@{factors[-1]} ÷ @{factors[0]}"
    lines = [
        f"Diplomacy Portal benchmark, {report['date']}: {report['machine']['summary']}.",
        "",
        f"SQLite, gunicorn {config['workers']} sync workers, production settings over plain "
        f"HTTP on 127.0.0.1, real content plus `bench.scale_data` at factor "
        f"{' and '.join(f'{f} (@{f})' for f in factors)}. wrk {config['threads']} threads × "
        f"{config['connections']} connections, {config['duration']} s per endpoint after "
        f"{config['warmup']} s of warm-up; the whole run took {report['seconds'] / 60:.0f} min.",
        "",
    ]
    head = ["endpoint", *(f"req/s {a}" for a in at), *(f"× static {a}" for a in at)]
    head += [f"req/s {grow}"] if ratios else []
    head += ["errors", "others' CPU, cores"]
    rows = []
    for endpoint in endpoints:
        row = [endpoint.label]
        row += [
            fmt(results[f][endpoint.key]["rps"], 1 if results[f][endpoint.key]["rps"] < 10 else 0)
            for f in factors
        ]
        row += [percent(results[f][endpoint.key]["vs_static"]) for f in factors]
        row += [fmt(ratios[endpoint.key]["rps"], 2)] if ratios else []
        row += [" / ".join(str(results[f][endpoint.key]["error_count"]) for f in factors)]
        others = [(results[f][endpoint.key]["cpu"] or {}).get("other_cores") for f in factors]
        row += [" / ".join(fmt(cores, 1) for cores in others)]
        rows.append(row)
    lines += table(head, rows)
    lines.append("")
    head = ["endpoint", *(f"server CPU ms {a}" for a in at)]
    head += [f"× static by CPU {a}" for a in at]
    head += [f"CPU {grow}"] if len(factors) > 1 else []
    rows = []
    for endpoint in endpoints:
        row = [endpoint.label]
        row += [fmt_ms(results[f][endpoint.key]["server_ms"]) for f in factors]
        row += [percent(results[f][endpoint.key]["cpu_vs_static"]) for f in factors]
        if len(factors) > 1:
            first, last = (results[f][endpoint.key]["server_ms"] for f in (factors[0], factors[-1]))
            row.append(fmt(ratio(first, last), 2))
        rows.append(row)
    lines += table(head, rows)
    lines.append("")
    head = ["endpoint", *(f"p50 {a}" for a in at), *(f"p95 {a}" for a in at)]
    head += [f"p50, p95 {grow}"] if ratios else []
    head += [f"first view {a}" for a in at]
    rows = []
    for endpoint in endpoints:
        row = [endpoint.label]
        row += [fmt(results[f][endpoint.key]["p50_ms"], 1) for f in factors]
        row += [fmt(results[f][endpoint.key]["p95_ms"], 1) for f in factors]
        if ratios:
            row.append(", ".join(fmt(ratios[endpoint.key][k], 2) for k in ("p50_ms", "p95_ms")))
        row += [fmt(results[f][endpoint.key]["first_ms"]) for f in factors]
        rows.append(row)
    lines += table(head, rows)
    submits = "; ".join(
        f"@{f}: {results[f]['submit']['attempts_accepted']} accepted, "
        f"{results[f]['submit']['attempts_in_database']} in the database"
        for f in factors
    )
    distinct = "; ".join(f"@{f}: {results[f]['mixed']['distinct_urls']:,}" for f in factors)
    lines += [
        "",
        "Latencies in ms. × static: req/s as a share of the static file's, measured "
        f"({config['static_reference']} s) just before on the same server. First view: one "
        "request before the warm-up, so for anonymous pages a cache miss. Errors: non-2xx/3xx "
        f"responses and socket errors (timeouts after {WRK_TIMEOUT} s included). Quiz "
        "submission: req/s counts accepted submissions, each a GET of the form and a POST, by "
        f"{config['connections']} trainees at once; p50/p95 are the POST's ({submits}). "
        "Server CPU ms: the gunicorn processes' CPU time per request (per accepted submission), "
        "which other processes on the machine move far less than req/s; × static by CPU: the "
        "static file's CPU per request over the page's. Others' CPU: cores that other "
        "processes on the machine used during the measurement. Mixed: wrk walks one fixed "
        f"sequence of {MIX_REQUESTS:,} requests (seed {MIX_SEED}) over every page of the site "
        f"at its size ({distinct} distinct URLs), the page of popularity rank r asked for in "
        f"proportion to 1/r^{MIX_ZIPF:g}, {MIX_SIGNED_IN:.0%} of them by the reader or one of the "
        f"{config['connections']} trainees, signed in; the measured run starts where the "
        "warm-up stopped.",
        "",
        others_note(report),
        "",
    ]
    rows = [
        [t["target"], t["figure"], "met" if t["met"] else "**not met**"] for t in report["targets"]
    ]
    lines += table(["target", "figure", ""], rows)
    load = report.get("load_test")
    if load:
        requests = load["requests"]
        latency = load["latency_ms"]

        def count(kind):
            return f"{sum(requests.get(kind, {}).values()):,}"

        def p50_p95(kind):
            figures = latency.get(kind, {})
            return f"{fmt(figures.get('p50'))} / {fmt(figures.get('p95'))}"

        lines += [
            "",
            f"Load test on {load['database'].split(' on ')[0]} (gunicorn {load['workers']} "
            f"workers, scale factor {load['factor']}): {load['trainees']} trainees, each "
            f"signed in with its own session, read lessons and submitted quizzes for "
            f"{load['seconds']} s; every fifth form was posted twice at the same moment.",
            "",
        ]
        rows = [
            ["lesson reads", count("lesson GET")],
            ["quiz forms fetched", count("quiz GET")],
            [f"quiz POSTs (forms posted twice: {load['double_posts']:,})", count("quiz POST")],
            [
                "**submissions accepted** (302 to an attempt, fresh token)",
                f"**{load['accepted_submissions']:,}**",
            ],
            ["**attempts in the database**", f"**{load['attempts_in_database']:,}**"],
            [
                "forms posted twice that made two attempts",
                str(load["double_posts_answered_differently"]),
            ],
            ["lesson p50 / p95 ms", p50_p95("lesson GET")],
            ["quiz POST p50 / p95 ms", p50_p95("quiz POST")],
            [
                "server errors (5xx) / socket errors / other unexpected responses",
                f"{load['server_errors']} / {load['socket_errors']} / "
                f"{sum(load['unexpected_responses'].values())}",
            ],
            [
                "CPU used by the bench / by other processes (cores)",
                f"{load['cpu']['bench_cores']} / {load['cpu']['other_cores']}",
            ],
            ["result", "counts equal, no server error" if load["ok"] else "**FAILED**"],
        ]
        lines += table(["", ""], rows)
    return "\n".join(lines)


def others_note(report):
    """How much CPU other processes took while the figures were measured."""
    cpu = [
        (figures["cpu"]["other_cores"], f"{key} @{factor}")
        for factor, results in report["factors"].items()
        for key, figures in results["endpoints"].items()
        if figures["cpu"]
    ]
    if not cpu:
        return ""
    mean = sum(cores for cores, _ in cpu) / len(cpu)
    most, where = max(cpu)
    return (
        f"Other processes on the machine used {mean:.2f} of its "
        f"{report['machine']['nproc']} cores on average while these figures were measured "
        f"(at most {most:.2f}, during {where})."
    )


def machine():
    cpu = platform.processor() or "unknown CPU"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        total_kib = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    cores = len(os.sched_getaffinity(0))
    memory = total_kib / 1024 / 1024
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)  # noqa: S607
    return {
        "nproc": cores,
        "cpu": cpu,
        "memory_gib": round(memory, 1),
        "summary": f"{cores} cores ({cpu}), {memory:.1f} GiB memory, {platform.system()} "
        f"{platform.release()}",
        "python": platform.python_version(),
        "django": metadata.version("django"),
        "gunicorn": metadata.version("gunicorn"),
        "sqlite": sqlite3.sqlite_version,
        "wrk": (wrk.stdout or wrk.stderr).split("Copyright")[0].strip(),
    }


def benchmark(args):
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk (make bench does it).")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    stamp = datetime.now().astimezone()
    report = {
        "date": stamp.isoformat(timespec="seconds"),
        "machine": machine(),
        "config": {
            "factors": args.factors,
            "workers": args.workers,
            "threads": args.threads,
            "connections": args.connections,
            "duration": args.duration,
            "warmup": args.warmup,
            "static_reference": args.static_reference,
            "search_query": SEARCH_QUERY,
        },
        "factors": {},
    }
    manage(portal_env("sqlite://:memory:"), "collectstatic", "--no-input", "--verbosity=0")
    report["factors"] = bench_sqlite(args)
    if not args.skip_load_test:
        report["load_test"] = load_test_under_postgres(args)
    report["targets"] = evaluate(report["factors"], args.factors, report.get("load_test"))
    report["seconds"] = round(time.monotonic() - started)
    path = BENCH_DIR / f"results-{stamp:%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(render(report), flush=True)
    log(f"results in {path.relative_to(BASE_DIR)}; {report['seconds']} s in all")
    failed = report.get("load_test") and not report["load_test"]["ok"]
    failed = failed or not all(
        report["factors"][str(f)]["endpoints"]["submit"]["attempts_match"] for f in args.factors
    )
    return 1 if failed else 0


def parse_args():
    cores = len(os.sched_getaffinity(0))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", type=float, nargs="+", default=[0.1, 1.0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint")
    parser.add_argument(
        "--static-reference",
        type=int,
        default=5,
        help="seconds of the static file just before each endpoint, the base of × static "
        "(0: the static file's own run)",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument(
        "--workers",
        type=int,
        default=cores + 1,
        help="gunicorn workers (as make run: pages are CPU-bound, so one per core and one more)",
    )
    parser.add_argument("--skip-load-test", action="store_true")
    parser.add_argument("--load-test-only", action="store_true", help="needs DATABASE_URL")
    parser.add_argument("--load-trainees", type=int, default=40)
    parser.add_argument("--load-duration", type=int, default=30)
    parser.add_argument("--load-factor", type=float, default=0.1)
    parser.add_argument("--load-time-limit", type=int, default=900)
    parser.add_argument("--result-file", type=Path)
    parser.add_argument("--time-limit", type=int, default=3600, help="seconds for everything")
    parser.add_argument("--internal", choices=["prepare", "count"], help=argparse.SUPPRESS)
    parser.add_argument("--trainees", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.factors = [int(f) if f == int(f) else f for f in args.factors]
    return args


def main():
    args = parse_args()
    if args.internal:
        internal(args.internal, args.trainees, args.out)
        return 0
    for sig in (signal.SIGTERM, signal.SIGALRM, signal.SIGINT):
        signal.signal(sig, raise_stop)
    signal.alarm(args.time_limit)
    try:
        if not args.load_test_only:
            return benchmark(args)
        result = load_test(args)
        if args.result_file:  # the caller judges the result
            args.result_file.write_text(json.dumps(result, indent=2))
            return 0
        print(json.dumps(result, indent=2), flush=True)
        return 0 if result["ok"] else 1
    except Stop as stop:
        log(f"stopped by {stop}")
        return 130
    except Exception:
        log(f"failed:\n{traceback.format_exc()}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
