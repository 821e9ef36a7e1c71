"""The load test of issue 16: logged-in leaders and staff for a minute against gunicorn.

    .venv/bin/pip install -e '.[load]'        # locust; not part of the tests or CI
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianluo_load_prov \\
        .venv/bin/python benchmarks/load.py [--users 50] [--seconds 60] [--port 8025]

On a database filled by `manage.py generate_data` (province scale for the issue's
figure; never an office's real database: it adds users and registers activities). It

1. creates the users (`load-leader-NN`: role 领导, the whole province; `load-staff-NN`:
   role 联络工作人员, each scoped to one city with groups, in turn) and a signed-in
   session for each, as after a login: the load is that of people at work, not of 50
   logins at once (a login hashes the password, a deliberate 0.3 s or more of CPU);
2. writes what each of them visits (`--plan`, JSON): their campaign, areas, deputies,
   groups, the activity list's filters and page depths, and for staff the groups whose
   members they register an activity for — all read through the app's own `visible_to`,
   so each visits only what they may see;
3. runs `manage.py keep_figures`, as a deploy does (the README), so the dashboards'
   figures of the province and of each of the staff's cities are kept before the first
   page (`--cold` leaves the cache as it is: each scope's first reader computes them);
4. starts gunicorn as the README runs it (`-w 4 --timeout 120`, DEBUG off) on
   127.0.0.1:`--port`, with plain-HTTP cookies (no TLS here);
5. runs locust headless (benchmarks/locustfile.py) with `--users` users, ramped up at
   10 a second, for `--seconds`, and stops it by itself (a hard limit of twice as long);
6. prints, per page, the requests, errors, median, p95 and slowest time, and overall the
   requests a second, the p95 and the errors, against the issue's target (p95 ≤ 500 ms,
   no error); then stops gunicorn. `--csv PREFIX` keeps locust's own CSV files.

Users and sessions are made again on each run (sessions last the run's day); the
activities registered stay in the database, each titled "负载测试登记的活动".
"""

import argparse
import csv
import datetime
import io
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
TARGET_P95_MS = 500
REGISTERED_TITLE = "负载测试登记的活动"  # the activities staff register (locustfile.py)
# One key for this process's sessions and gunicorn's: a session and its user's auth hash
# are signed with SECRET_KEY.
SECRET_KEY = os.environ.get("LOAD_SECRET_KEY") or secrets.token_urlsafe(50)
SERVER_ENV = {
    "SECRET_KEY": SECRET_KEY,
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    # Plain HTTP on the loopback: cookies that are not Secure, no redirect to HTTPS.
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
}


def setup_django():
    os.environ.update(SERVER_ENV)
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lianluo.settings")
    import django

    django.setup()


def users_and_plan(n_users, leaders_share, seed):
    """Create the users with a session each; return what each visits (the plan)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group as Role
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import Profile
    from accounts.models import Role as Roles
    from activities.models import Activity, Campaign, Mode, Topic
    from representatives.models import Area, Group, Membership, Representative

    rng = random.Random(seed)
    campaign = (
        Campaign.objects.filter(slug__startswith="contact-").order_by("-start").first()
        or Campaign.objects.order_by("-start").first()
    )
    if campaign is None or not Activity.objects.exists():
        raise SystemExit("The database is empty: run manage.py generate_data first.")
    cities = list(Area.objects.filter(kind=Area.Kind.CITY).order_by("code"))
    # Staff go to the cities that have groups (all of a province; a county's one city).
    worked = [c for c in cities if Group.objects.filter(area__in=Area.objects.within(c)).exists()]
    topics = list(Topic.objects.values_list("pk", flat=True))
    n_leaders = round(n_users * leaders_share)
    plan = []
    for n in range(n_users):
        leader = n < n_leaders
        name = f"load-leader-{n + 1:02d}" if leader else f"load-staff-{n - n_leaders + 1:02d}"
        user, _ = User.objects.get_or_create(username=name)
        user.set_unusable_password()
        user.save()
        user.groups.set([Role.objects.get(name=Roles.LEADER if leader else Roles.STAFF)])
        profile, _ = Profile.objects.get_or_create(user=user)
        city = None if leader else worked[(n - n_leaders) % len(worked)]
        profile.areas.set([city] if city else [])
        user = User.objects.get(pk=user.pk)  # its roles and scope read afresh
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session["renewed_at"] = int(time.time())
        session.create()

        areas = list(Area.objects.visible_to(user).order_by("pk").values_list("pk", flat=True))
        top = [city.pk] if city else [c.pk for c in cities]
        groups = list(Group.objects.visible_to(user).values_list("pk", flat=True))
        people = list(Representative.objects.visible_to(user).values_list("pk", flat=True))
        visible = Activity.objects.visible_to(user).count()
        entry = {
            "user": name,
            "kind": "leader" if leader else "staff",
            "cookie": [settings.SESSION_COOKIE_NAME, session.session_key],
            "campaign": campaign.slug,
            "campaign_pk": campaign.pk,
            "cities": top,
            "areas": rng.sample(areas, min(len(areas), 30)),
            "groups": rng.sample(groups, min(len(groups), 30)),
            "deputies": rng.sample(people, min(len(people), 50)),
            "topics": topics,
            "modes": [value for value, _ in Mode.choices],
            "pages": max(1, (visible + 29) // 30),  # the activity list's 30 a page
            "year": campaign.start.year,
        }
        if not leader:
            entry["register"] = registrations(rng, campaign, entry["groups"], Membership)
        plan.append(entry)
    return plan


def registrations(rng, campaign, groups, Membership):
    """A few activities a staff member may register: a group of theirs, a day of the
    campaign, the group's members on that day (the checklist the form shows)."""
    found = []
    for group in groups[:5]:
        day = campaign.start + datetime.timedelta(days=rng.randrange(60))
        members = list(
            Membership.objects.active_on(day)
            .filter(group=group)
            .values_list("representative_id", flat=True)
        )
        if members:
            found.append({"group": group, "date": day.isoformat(), "members": members})
    return found


def start_gunicorn(port, workers):
    env = {**os.environ, **SERVER_ENV}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [
        str(PYTHON.parent / "gunicorn"), "lianluo.wsgi", "-b", f"127.0.0.1:{port}",
        "-w", str(workers), "--timeout", "120", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5):
                return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    stop(server)
    raise SystemExit("gunicorn did not answer within a minute")


def stop(process):
    """End a process this script started, and its children (gunicorn's workers)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_locust(plan_path, port, users, seconds, prefix):
    command = [
        str(PYTHON.parent / "locust"), "-f", str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless", "--host", f"http://127.0.0.1:{port}", "--users", str(users),
        "--spawn-rate", "10", "--run-time", f"{seconds}s", "--stop-timeout", "10",
        "--csv", prefix, "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {**os.environ, "LOAD_PLAN": str(plan_path)}
    with open(f"{prefix}.log", "w", encoding="utf-8") as log:  # locust's own summary
        locust = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        locust.wait(timeout=seconds * 2 + 60)
    except subprocess.TimeoutExpired:
        stop(locust)
        raise SystemExit("locust did not stop by itself; stopped") from None
    # Exit 1 means some requests failed: the report says which.
    if locust.returncode not in (0, 1):
        raise SystemExit(f"locust failed (exit {locust.returncode})")


def keep_figures():
    """`manage.py keep_figures`, as after a deploy: the figures of every scope kept."""
    from django.core.management import CommandError, call_command

    printed = io.StringIO()
    try:
        call_command("keep_figures", stdout=printed)
    except CommandError as refused:  # no REDIS_URL: no figures are kept
        print(f"keep_figures: {refused}")
        return
    print(f"keep_figures: {printed.getvalue().strip()}")


def final_summary(log_path):
    """The rows of locust's last printed tables (its log): every request, those answered
    while the users stopped (`--stop-timeout`) too, which its CSV, written when the run
    time ends, leaves out. In the CSV's shape; [] when the log has no such tables."""
    with open(log_path, encoding="utf-8") as log:
        lines = log.read().splitlines()
    counts, percentiles, table = {}, {}, None
    for line in lines:
        if line.startswith("Type ") and "# fails" in line:  # requests and failures
            counts = table = {}
        elif line.startswith("Type ") and "# reqs" in line:  # the percentiles
            percentiles = table = {}
        words = line.split()
        if table is percentiles and len(words) >= 13 and words[-1].isdigit():
            *name, p50, _, _, _, _, p95, _, _, _, _, p100, _ = words
            percentiles[" ".join(name)] = (p50, p95, p100)
        elif table is counts and "|" in line and len(words) >= 4 and words[-1] != "|":
            before = line.split("|")[0].split()
            if len(before) >= 3 and before[-2].isdigit():
                counts[" ".join(before[:-2])] = (before[-2], before[-1].split("(")[0])
    rows = []
    for name, (p50, p95, p100) in percentiles.items():
        kind, _, page = name.partition(" ") if name != "Aggregated" else ("", "", name)
        requests, failures = counts.get(name, counts.get(page, ("0", "0")))
        rows.append({
            "Type": kind, "Name": page, "Request Count": requests, "Failure Count": failures,
            "Median Response Time": p50, "95%": p95, "Max Response Time": p100,
        })  # fmt: skip
    return rows


def report(prefix, seconds, sent):
    rows = final_summary(f"{prefix}.log")
    if not rows:
        with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as stats:
            rows = list(csv.DictReader(stats))
    with open(f"{prefix}_failures.csv", newline="", encoding="utf-8") as failures:
        failed = list(csv.DictReader(failures))
    pages = [row for row in rows if row["Name"] != "Aggregated"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    width = max(len(f"{row['Type']} {row['Name']}") for row in pages)
    print(f"\n{'page':<{width}}  {'requests':>8}  {'errors':>6}  {'median':>7}  {'p95':>7}  "
          f"{'max':>7}")  # fmt: skip
    for row in sorted(pages, key=lambda row: -float(row["95%"] or 0)):
        print(
            f"{row['Type'] + ' ' + row['Name']:<{width}}  {row['Request Count']:>8}  "
            f"{row['Failure Count']:>6}  {float(row['Median Response Time']):>5.0f} ms  "
            f"{float(row['95%']):>5.0f} ms  {float(row['Max Response Time']):>5.0f} ms"
        )
    requests, errors = int(total["Request Count"]), int(total["Failure Count"])
    p95 = float(total["95%"] or 0)
    print(
        f"\nall pages: {requests:,} requests in {seconds} s ({requests / seconds:.1f}/s), "
        f"median {float(total['Median Response Time']):.0f} ms, p95 {p95:.0f} ms, "
        f"max {float(total['Max Response Time']):.0f} ms, {errors} errors"
    )
    unanswered = sent - requests if sent is not None else 0
    if unanswered > 0:
        print(
            f"{unanswered} more requests were sent and still unanswered when the run stopped "
            f"(not in the figures above: each took longer than the time left)"
        )
    for row in failed:
        print(f"  error ×{row['Occurrences']}: {row['Method']} {row['Name']}: {row['Error']}")
    met = p95 <= TARGET_P95_MS and errors == 0 and unanswered <= 0
    print(f"target (p95 ≤ {TARGET_P95_MS} ms, no error): {'met' if met else 'NOT MET'}")
    return met


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--leaders", type=float, default=0.4, help="share of leaders (0.4)")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn's (the README's 4)")
    parser.add_argument("--seed", type=int, default=1, help="what each user visits")
    parser.add_argument("--plan", help="write the plan here (default: a temporary file)")
    parser.add_argument("--csv", help="keep locust's CSV files with this prefix")
    parser.add_argument(
        "--cold", action="store_true", help="do not run keep_figures first (as after a deploy)"
    )
    options = parser.parse_args(argv)

    setup_django()
    from django.conf import settings

    database = settings.DATABASES["default"]
    print(f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
    started = time.perf_counter()
    plan = users_and_plan(options.users, options.leaders, options.seed)
    leaders = sum(entry["kind"] == "leader" for entry in plan)
    print(
        f"{leaders} leaders and {len(plan) - leaders} staff signed in "
        f"({time.perf_counter() - started:.1f} s)"
    )
    folder = Path(tempfile.mkdtemp(prefix="lianluo-load-"))
    plan_path = Path(options.plan) if options.plan else folder / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    prefix = options.csv or str(folder / "locust")
    from django.db import connections

    from activities.models import Activity

    registered = Activity.objects.filter(title=REGISTERED_TITLE).count()
    if not options.cold:
        keep_figures()
    connections.close_all()
    server = start_gunicorn(options.port, options.workers)
    try:
        print(
            f"gunicorn on 127.0.0.1:{options.port} ({options.workers} workers); "
            f"locust: {options.users} users for {options.seconds} s …",
            flush=True,
        )
        run_locust(plan_path, options.port, options.users, options.seconds, prefix)
    finally:
        stop(server)
    sent_file = Path(f"{plan_path}.sent")
    sent = int(sent_file.read_text()) if sent_file.exists() else None
    met = report(prefix, options.seconds, sent)
    registered = Activity.objects.filter(title=REGISTERED_TITLE).count() - registered
    print(f"activities registered by staff: {registered}; locust's own log: {prefix}.log")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
