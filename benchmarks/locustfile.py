"""The users of the load test (benchmarks/load.py runs this; see its docstring).

Each locust user takes the next entry of the plan (LOAD_PLAN, JSON, written by load.py):
a signed-in session of a leader 领导 (the whole province) or a liaison staff member
联络工作人员 (one city), and what they may see. Between two pages they read for 1–4 s.
A page counts as an error unless it answers 200 (302 for a registration) with the
page itself, not the login form. Requests still unanswered when the run stops are not
in locust's figures; load.py counts them from the requests sent (written on quitting).

Leaders mostly read the dashboards; staff mostly work the lists and now and then
register an activity with its attendance checklist (the form, then its POST).
"""

import itertools
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as plan:
    PLAN = json.load(plan)
KINDS = {kind: [entry for entry in PLAN if entry["kind"] == kind] for kind in ("leader", "staff")}
TURNS = {kind: itertools.count() for kind in KINDS}
STARTED = itertools.count(1)  # requests sent; load.py reports those never answered


@events.quitting.add_listener
def count_the_unanswered(environment, **kwargs):
    with open(os.environ["LOAD_PLAN"] + ".sent", "w", encoding="utf-8") as sent:
        sent.write(str(next(STARTED) - 1))


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 4)

    def on_start(self):
        self.me = self.plan()
        name, value = self.me["cookie"]
        self.client.cookies.set(name, value)

    def plan(self):
        mine = KINDS[self.kind]
        return mine[next(TURNS[self.kind]) % len(mine)]

    def page(self, url, name=None, expect=200):
        next(STARTED)
        with self.client.get(url, name=name or url, catch_response=True) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code}")
            elif "/login/" in response.url:
                response.failure("sent to the login page")
        return response

    def pick(self, key):
        return random.choice(self.me[key])

    # What both read -----------------------------------------------------------------

    def campaign(self):
        self.page(f"/campaigns/{self.me['campaign']}/", "/campaigns/[slug]/")

    def overview(self):
        self.page("/overview/")

    def area(self):
        self.page(f"/areas/{self.pick('cities')}/", "/areas/[city]/")

    def archive(self):
        self.page(f"/representatives/{self.pick('deputies')}/", "/representatives/[pk]/")

    def group(self):
        self.page(f"/groups/{self.pick('groups')}/", "/groups/[pk]/")

    def problems(self):
        self.page("/problems/")

    def activities(self):
        """The activity list, as people filter it: by area, campaign, mode, topic,
        a month, a word; now and then several at once."""
        me, rng = self.me, random
        filters = {
            "area": lambda: self.pick("areas"),
            "campaign": lambda: me["campaign_pk"],
            "mode": lambda: self.pick("modes"),
            "topic": lambda: self.pick("topics"),
            "date_after": lambda: f"{me['year']}-{rng.randrange(1, 12):02d}-01",
            "q": lambda: rng.choice(["走访", "调研", "接待", "养老", "道路"]),
        }
        chosen = rng.sample(sorted(filters), rng.choice((0, 1, 1, 2)))
        query = "&".join(f"{key}={filters[key]()}" for key in chosen)
        self.page(f"/activities/?{query}", "/activities/?[filters]" if chosen else "/activities/")

    def deep_page(self):
        """The activity list far down: page 2–20 mostly, and now and then anywhere."""
        pages, rng = self.me["pages"], random
        number = rng.randint(2, min(pages, 20)) if rng.random() < 0.7 else rng.randint(1, pages)
        self.page(f"/activities/?page={number}", "/activities/?page=[deep]")


class Leader(Person):
    kind = "leader"
    abstract = not KINDS["leader"]
    weight = len(KINDS["leader"])  # as many of each as the plan has users

    @task(4)
    def read_campaign(self):
        self.campaign()

    @task(3)
    def read_overview(self):
        self.overview()

    @task(2)
    def read_area(self):
        self.area()

    @task(2)
    def read_activities(self):
        self.activities()

    @task(1)
    def read_deep_page(self):
        self.deep_page()

    @task(2)
    def read_archive(self):
        self.archive()

    @task(1)
    def read_group(self):
        self.group()

    @task(1)
    def read_problems(self):
        self.problems()


class Staff(Person):
    kind = "staff"
    abstract = not KINDS["staff"]
    weight = len(KINDS["staff"])

    @task(5)
    def read_activities(self):
        self.activities()

    @task(2)
    def read_deep_page(self):
        self.deep_page()

    @task(3)
    def read_archive(self):
        self.archive()

    @task(2)
    def read_group(self):
        self.group()

    @task(2)
    def read_problems(self):
        self.problems()

    @task(1)
    def read_area(self):
        self.area()

    @task(1)
    def read_overview(self):
        self.overview()

    @task(1)
    def read_campaign(self):
        self.campaign()

    @task(1)
    def register(self):
        """The form, then an activity of one of their groups with its full checklist."""
        if not self.me.get("register"):
            return
        form = self.page("/activities/new/")
        token = CSRF.search(form.text or "")
        if not token:
            return
        chosen = self.pick("register")
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "campaign": self.me["campaign_pk"],
            "date": chosen["date"],
            "title": "负载测试登记的活动",  # load.py counts them by it
            "place": "代表联络站",
            "mode": "own_group",
            "groups": [chosen["group"]],
            "version": 0,
            "submission": str(uuid.uuid4()),
            "save": "1",
            **{f"status_{pk}": "present" for pk in chosen["members"]},
        }
        next(STARTED)
        with self.client.post(
            "/activities/new/",
            data,
            name="/activities/new/ (save)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/login/" in response.headers.get("Location", ""):
                response.failure(f"{response.status_code}: not saved")
