"""The coordinators load.py simulates (Locust): each signed in as a coordinator of their own,
with their own draft, going between the dashboard, the partners step, the live eligibility
check the panel posts on every change, and searches of the directory. load.py writes the
coordinators' sessions to the JSON file BENCH_COORDINATORS names and runs this file."""

import itertools
import json
import os
import random
from urllib.parse import urlencode

from locust import FastHttpUser, between, constant, task

with open(os.environ["BENCH_COORDINATORS"]) as file:
    COORDINATORS = json.load(file)
THINK = [float(seconds) for seconds in os.environ.get("BENCH_THINK", "1,3").split(",")]
_next = itertools.cycle(COORDINATORS)
# What coordinators type in the search boxes: words of the directory's names, a city with
# accents typed without them, a PIC.
QUERIES = [
    "kammer",
    "Lycee",
    "Torino",
    "Camara de Comercio",
    "Politechnika",
    "Jyvaskyla",
    "Meccanica",
    "Szkol",
    "Escola Profissional",
    "900050123",
]


def query() -> str:
    return urlencode({"q": random.choice(QUERIES)})


class Coordinator(FastHttpUser):
    wait_time = between(*THINK) if len(THINK) == 2 else constant(THINK[0])
    connection_timeout = 60.0
    network_timeout = 60.0

    def on_start(self) -> None:
        coordinator = next(_next)
        self.proposal = coordinator["proposal"]
        self.body = coordinator["body"]
        self.headers = {
            "Cookie": coordinator["cookie"],
            "X-CSRFToken": coordinator["csrf"],
            "Referer": self.host + "/",
        }

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/proposals/", headers=self.headers, name="GET dashboard")

    @task(2)
    def partners_step(self) -> None:
        self.client.get(
            f"/proposals/{self.proposal}/partners/",
            headers=self.headers,
            name="GET partners step",
        )

    @task(4)
    def live_check(self) -> None:
        self.client.post(
            f"/proposals/{self.proposal}/check/partners/",
            data=self.body,
            headers={
                **self.headers,
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Request": "true",
            },
            name="POST live check",
        )

    @task(1)
    def partner_search(self) -> None:
        self.client.get(
            f"/proposals/{self.proposal}/partners/search/?{query()}",
            headers={**self.headers, "HX-Request": "true"},
            name="GET partner search (wizard)",
        )

    @task(1)
    def directory_search(self) -> None:
        self.client.get(
            f"/organisations/?{query()}",
            headers=self.headers,
            name="GET directory search",
        )
