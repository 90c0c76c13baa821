"""Commune search over the full official geography: 200 varied queries, timed server side
through the Django test client, on the HTML search page and on the JSON endpoint.

Usage: python bench/commune_search.py [--database-url URL] [--queries N] [--rounds R]
Target (issue 3): p95 <= 20 ms on each.

The queries are built from the data with random.Random(42): names as written, without
accents, in a jumbled case, with "st"/"ste" for "saint"/"sainte", prefixes, words inside
names, former communes, municipal districts, postal codes, INSEE codes (Corsica included),
former codes, misspellings and nonsense.
"""

import argparse
import os
import random
import time
import unicodedata
from collections import Counter

from common import conditions, ensure_geography, percentiles, setup_django

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--queries", type=int, default=200)
parser.add_argument("--rounds", type=int, default=1, help="times each query is timed")
parser.add_argument("--show", action="store_true", help="print every query and its timings")
args = setup_django(parser)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from maillage.territories.enums import CommuneKind  # noqa: E402
from maillage.territories.models import Commune, PostalCode  # noqa: E402

HTML_URL = "/territoires/communes/recherche/"
JSON_URL = "/api/v1/communes"

# Share of each kind of query, in two hundredths.
MIX = {
    "nom exact": 30,
    "sans accents": 25,
    "casse fantaisiste": 20,
    "st / saint": 20,
    "préfixe": 25,
    "mot intérieur": 10,
    "ancienne commune": 10,
    "arrondissement": 5,
    "code postal": 20,
    "code INSEE": 15,
    "ancien code": 5,
    "faute ou non-sens": 15,
}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def jumble_case(text: str, rng: random.Random) -> str:
    return "".join(char.upper() if rng.random() < 0.5 else char.lower() for char in text)


def abbreviate_saint(name: str, rng: random.Random) -> str:
    """ "Saint-Brieuc" → "st brieuc", "Sainte-Anne" → "Ste-Anne"."""
    short = rng.choice(["st ", "St-", "ST ", "st-"])
    if name.startswith("Sainte-"):
        return short.replace("t", "te").replace("T", "TE") + name[len("Sainte-") :]
    return short + name[len("Saint-") :]


def misspell(name: str, rng: random.Random) -> str:
    letters = list(strip_accents(name).lower())
    index = rng.randrange(1, max(2, len(letters) - 1))
    letters[index - 1], letters[index] = letters[index], letters[index - 1]
    return "".join(letters)


def build_queries(total: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(kind, query, expected INSEE code of the page or "") for `total` queries."""
    rows = list(
        Commune.objects.order_by("code", "kind").values_list(
            "code", "kind", "name", "former_codes", "current__code"
        )
    )
    current = [row for row in rows if row[1] == CommuneKind.CURRENT]
    saints = [row for row in current if row[2].startswith(("Saint-", "Sainte-"))]
    multiword = [row for row in current if len(row[2].replace("-", " ").split()) >= 3]
    former = [row for row in rows if row[1] in (CommuneKind.DELEGATED, CommuneKind.ASSOCIATED)]
    districts = [row for row in rows if row[1] == CommuneKind.MUNICIPAL_DISTRICT]
    corsica = [row for row in current if row[0].startswith("2")]
    with_former = [row for row in current if row[3]]
    postal = sorted(set(PostalCode.objects.values_list("code", flat=True)))

    def word_inside(name: str) -> str:
        words = [w for w in name.replace("-", " ").replace("'", " ").split()[1:] if len(w) >= 4]
        return rng.choice(words) if words else name

    def make(kind: str) -> tuple[str, str]:
        if kind == "nom exact":
            code, _, name, *_ = rng.choice(current)
            return name, code
        if kind == "sans accents":
            code, _, name, *_ = rng.choice(current)
            return strip_accents(name).lower(), code
        if kind == "casse fantaisiste":
            code, _, name, *_ = rng.choice(current)
            return jumble_case(name, rng), code
        if kind == "st / saint":
            code, _, name, *_ = rng.choice(saints)
            return abbreviate_saint(name, rng), code
        if kind == "préfixe":
            return rng.choice(current)[2][: rng.randint(3, 6)], ""
        if kind == "mot intérieur":
            return word_inside(rng.choice(multiword)[2]), ""
        if kind == "ancienne commune":
            _, _, name, _, current_code = rng.choice(former)
            return name, current_code
        if kind == "arrondissement":
            code, _, name, *_ = rng.choice(districts)
            return " ".join(name.split()[:2]), code  # "Lyon 3e", "Paris 1er"
        if kind == "code postal":
            return rng.choice(postal), ""
        if kind == "code INSEE":
            code = rng.choice(corsica if rng.random() < 0.3 else current)[0]
            return code.lower() if rng.random() < 0.5 else code, code
        if kind == "ancien code":
            code, _, _, former_codes, _ = rng.choice(with_former)
            return rng.choice(former_codes.split()), code
        roll = rng.random()
        if roll < 0.4:
            return misspell(rng.choice(current)[2], rng), ""
        if roll < 0.7:
            return "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(6)), ""
        return f"{rng.randint(0, 99999):05d}", ""

    queries = []
    for kind, share in MIX.items():
        for _ in range(round(total * share / 200)):
            query, expected = make(kind)
            queries.append((kind, query, expected))
    rng.shuffle(queries)
    return queries[:total]


def timed_get(client: Client, url: str, query: str) -> tuple[float, object]:
    start = time.perf_counter()
    response = client.get(url, {"q": query})
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, query, response.status_code)
    return elapsed, response


def main() -> None:
    ensure_geography()
    load_before = os.getloadavg()[0]
    rng = random.Random(42)
    queries = build_queries(args.queries, rng)
    client = Client(SERVER_NAME="localhost")

    # Warm-up: templates compiled, connection open, pages in the database's cache.
    for _, query, _ in queries[:20]:
        client.get(HTML_URL, {"q": query})
        client.get(JSON_URL, {"q": query})

    html_ms, json_ms = [], []
    found, expected_total = Counter(), Counter()
    for _ in range(args.rounds):
        for kind, query, expected in queries:
            elapsed, _ = timed_get(client, HTML_URL, query)
            html_ms.append(elapsed)
            elapsed, response = timed_get(client, JSON_URL, query)
            json_ms.append(elapsed)
            if args.show:
                names = ", ".join(item["name"] for item in response.json()[:3])
                print(f"{html_ms[-1]:6.2f} {elapsed:6.2f} ms  {kind:18} {query!r:32} → {names}")
            if expected:
                expected_total[kind] += 1
                codes = {item["code"] for item in response.json()}
                codes |= {item["current"]["code"] for item in response.json() if item["current"]}
                found[kind] += expected in codes

    # Query counts in a separate pass: capturing queries slows them down.
    most_queries = 0
    for _, query, _ in queries:
        for url in (HTML_URL, JSON_URL):
            with CaptureQueriesContext(connection) as captured:
                client.get(url, {"q": query})
            most_queries = max(most_queries, len(captured))

    kinds = Counter(row[0] for row in Commune.objects.values_list("kind"))
    print(__doc__.splitlines()[0])
    print(
        f"rows: {sum(kinds.values())} communes ("
        + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        + f"), {PostalCode.objects.count()} postal codes"
    )
    print(f"{conditions()}; load average before the run: {load_before:.2f}")
    mix = Counter(kind for kind, _, _ in queries)
    print(f"queries: {len(queries)} x {args.rounds} round(s); mix: {dict(mix)}")
    print(f"HTML page   {percentiles(html_ms)}")
    print(f"JSON (API)  {percentiles(json_ms)}")
    print(f"SQL queries per request: at most {most_queries}")
    print(
        "expected commune in the first 10 results: "
        + ", ".join(f"{kind} {found[kind]}/{expected_total[kind]}" for kind in expected_total)
    )


if __name__ == "__main__":
    main()
