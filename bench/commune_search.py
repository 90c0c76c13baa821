"""Commune search over the full official geography, as people type: misspelt names, glued or
split words, "st", missing accents, hyphens, apostrophes and articles, codes, former communes.

Usage: python bench/commune_search.py [--database-url URL ...] [--rounds R] [--show]
Without --database-url, runs on a SQLite file (var/bench_commune_search.sqlite3) and on the
PostgreSQL database postgres://postgres@127.0.0.1:5432/maillage_bench_commune_search (created
if missing), each in its own process; the geography is imported (manage.py import_territories)
into a database that does not have it yet.
Target (issue 12): p95 <= 20 ms on each engine.

Two lists are timed, server side:
- TYPOS below, written by hand, each with the commune expected first: the search function,
  the HTML search page and the JSON endpoint (Django test client);
- 200 varied queries drawn from the data with random.Random(42) (names as written, prefixes,
  words inside names, postal and INSEE codes, former codes, nonsense), as in the first version
  of this bench: the same three timings.
It also reports the time and the memory taken to build the in-process index (tracemalloc).
"""

import argparse
import os
import random
import subprocess
import sys
import time
import tracemalloc
import unicodedata
from collections import Counter

from common import ROOT, conditions, ensure_geography, percentiles, setup_django

SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench_commune_search.sqlite3'}"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/maillage_bench_commune_search"

HTML_URL = "/territoires/communes/recherche/"
JSON_URL = "/api/v1/communes"

# (kind of mistake, what is typed, the commune expected first: its name, its department).
# A former commune is expected to lead to its current commune, named here.
TYPOS = [
    # A letter wrong.
    ("lettre fausse", "Marseilke", "Marseille", "13"),
    ("lettre fausse", "Bordeauz", "Bordeaux", "33"),
    ("lettre fausse", "Toulouze", "Toulouse", "31"),
    ("lettre fausse", "Nantas", "Nantes", "44"),
    ("lettre fausse", "Rennas", "Rennes", "35"),
    ("lettre fausse", "Strasbourh", "Strasbourg", "67"),
    ("lettre fausse", "Grenoblr", "Grenoble", "38"),
    ("lettre fausse", "Dijob", "Dijon", "21"),
    ("lettre fausse", "Angerd", "Angers", "49"),
    ("lettre fausse", "Limojes", "Limoges", "87"),
    ("lettre fausse", "Perpignam", "Perpignan", "66"),
    ("lettre fausse", "Besançom", "Besançon", "25"),
    ("lettre fausse", "Orleanz", "Orléans", "45"),
    ("lettre fausse", "Mulhousr", "Mulhouse", "68"),
    ("lettre fausse", "Nancu", "Nancy", "54"),
    ("lettre fausse", "Avignin", "Avignon", "84"),
    ("lettre fausse", "Poitierz", "Poitiers", "86"),
    ("lettre fausse", "Quimpar", "Quimper", "29"),
    ("lettre fausse", "Lorieny", "Lorient", "56"),
    ("lettre fausse", "Saint-Briauc", "Saint-Brieuc", "22"),
    # A letter missing.
    ("lettre manquante", "Marseile", "Marseille", "13"),
    ("lettre manquante", "Bordaux", "Bordeaux", "33"),
    ("lettre manquante", "Touluse", "Toulouse", "31"),
    ("lettre manquante", "Monpellier", "Montpellier", "34"),
    ("lettre manquante", "Strasourg", "Strasbourg", "67"),
    ("lettre manquante", "Quimpr", "Quimper", "29"),
    ("lettre manquante", "Lorent", "Lorient", "56"),
    ("lettre manquante", "Plrin", "Plérin", "22"),
    ("lettre manquante", "Lannon", "Lannion", "22"),
    ("lettre manquante", "Morlax", "Morlaix", "29"),
    ("lettre manquante", "Concarneu", "Concarneau", "29"),
    ("lettre manquante", "Sain-Malo", "Saint-Malo", "35"),
    ("lettre manquante", "Fougres", "Fougères", "35"),
    ("lettre manquante", "Ajacio", "Ajaccio", "2A"),
    ("lettre manquante", "Le Tamon", "Le Tampon", "974"),
    ("lettre manquante", "Argenteil", "Argenteuil", "95"),
    ("lettre manquante", "Vilejuif", "Villejuif", "94"),
    ("lettre manquante", "Clermont-Ferand", "Clermont-Ferrand", "63"),
    # A letter too many.
    ("lettre en trop", "Parris", "Paris", "75"),
    ("lettre en trop", "Lyonn", "Lyon", "69"),
    ("lettre en trop", "Lillle", "Lille", "59"),
    ("lettre en trop", "Nicce", "Nice", "06"),
    ("lettre en trop", "Brestt", "Brest", "29"),
    ("lettre en trop", "Rouenn", "Rouen", "76"),
    ("lettre en trop", "Reimms", "Reims", "51"),
    ("lettre en trop", "Toulonn", "Toulon", "83"),
    ("lettre en trop", "Annecyy", "Annecy", "74"),
    ("lettre en trop", "Metzz", "Metz", "57"),
    ("lettre en trop", "Montreuill", "Montreuil", "93"),
    ("lettre en trop", "Perpignant", "Perpignan", "66"),
    # Two letters swapped.
    ("lettres inversées", "Nanets", "Nantes", "44"),
    ("lettres inversées", "Tuolouse", "Toulouse", "31"),
    ("lettres inversées", "Bodreaux", "Bordeaux", "33"),
    ("lettres inversées", "Renens", "Rennes", "35"),
    ("lettres inversées", "Lilel", "Lille", "59"),
    ("lettres inversées", "Anegrs", "Angers", "49"),
    ("lettres inversées", "Brset", "Brest", "29"),
    ("lettres inversées", "Marsielle", "Marseille", "13"),
    ("lettres inversées", "Saint-Breiuc", "Saint-Brieuc", "22"),
    ("lettres inversées", "Pelrin", "Plérin", "22"),
    ("lettres inversées", "Argentueil", "Argenteuil", "95"),
    ("lettres inversées", "Bastai", "Bastia", "2B"),
    # Two mistakes.
    ("deux fautes", "Marsaile", "Marseille", "13"),
    ("deux fautes", "Monpelier", "Montpellier", "34"),
    ("deux fautes", "Strazbourgg", "Strasbourg", "67"),
    ("deux fautes", "Grrenobel", "Grenoble", "38"),
    ("deux fautes", "Perpinian", "Perpignan", "66"),
    ("deux fautes", "Villeneuve d'Asq", "Villeneuve-d'Ascq", "59"),
    ("deux fautes", "Aix en Provance", "Aix-en-Provence", "13"),
    ("deux fautes", "Boulogne Bilancour", "Boulogne-Billancourt", "92"),
    ("deux fautes", "Issy les Moulinaux", "Issy-les-Moulineaux", "92"),
    ("deux fautes", "Saint Etiene", "Saint-Étienne", "42"),
    ("deux fautes", "Cherbourg Octevile", "Cherbourg-en-Cotentin", "50"),
    ("deux fautes", "Chalon en Champagn", "Châlons-en-Champagne", "51"),
    # Words glued together.
    ("mots collés", "saintbrieuc", "Saint-Brieuc", "22"),
    ("mots collés", "aixenprovence", "Aix-en-Provence", "13"),
    ("mots collés", "montdemarsan", "Mont-de-Marsan", "40"),
    ("mots collés", "clermontferrand", "Clermont-Ferrand", "63"),
    ("mots collés", "boulognesurmer", "Boulogne-sur-Mer", "62"),
    ("mots collés", "lessablesdolonne", "Les Sables-d'Olonne", "85"),
    ("mots collés", "perrosguirec", "Perros-Guirec", "22"),
    ("mots collés", "larochelle", "La Rochelle", "17"),
    # Words split.
    ("mots séparés", "Lam balle", "Lamballe-Armor", "22"),
    ("mots séparés", "Ville Franche sur Saone", "Villefranche-sur-Saône", "69"),
    ("mots séparés", "Mont Pellier", "Montpellier", "34"),
    ("mots séparés", "Chateau Roux", "Châteauroux", "36"),
    ("mots séparés", "Belle Isle en Terre", "Belle-Isle-en-Terre", "22"),
    ("mots séparés", "Mont Luçon", "Montluçon", "03"),
    # Saints written short or glued.
    ("st / saint", "st malo", "Saint-Malo", "35"),
    ("st / saint", "ste maxime", "Sainte-Maxime", "83"),
    ("st / saint", "stnazaire", "Saint-Nazaire", "44"),
    ("st / saint", "St-Quentin", "Saint-Quentin", "02"),
    ("st / saint", "ste genevieve des bois", "Sainte-Geneviève-des-Bois", "91"),
    ("st / saint", "St Jean de Luz", "Saint-Jean-de-Luz", "64"),
    ("st / saint", "st maur des fosses", "Saint-Maur-des-Fossés", "94"),
    ("st / saint", "sainte etienne", "Saint-Étienne", "42"),
    # Without accents, hyphens or apostrophes.
    ("accents, tirets", "Besancon", "Besançon", "25"),
    ("accents, tirets", "Nimes", "Nîmes", "30"),
    ("accents, tirets", "Beziers", "Béziers", "34"),
    ("accents, tirets", "Evry Courcouronnes", "Évry-Courcouronnes", "91"),
    ("accents, tirets", "Ile d Yeu", "L'Île-d'Yeu", "85"),
    ("accents, tirets", "Villeneuve d Ascq", "Villeneuve-d'Ascq", "59"),
    ("accents, tirets", "Sables dOlonne", "Les Sables-d'Olonne", "85"),
    ("accents, tirets", "Chalons en Champagne", "Châlons-en-Champagne", "51"),
    # Articles left out or wrong.
    ("article", "Mans", "Le Mans", "72"),
    ("article", "Havre", "Le Havre", "76"),
    ("article", "Rochelle", "La Rochelle", "17"),
    ("article", "Sables d'Olonne", "Les Sables-d'Olonne", "85"),
    ("article", "le Rochelle", "La Rochelle", "17"),
    ("article", "la Havre", "Le Havre", "76"),
    ("article", "Ile Rousse", "L'Île-Rousse", "2B"),
    ("article", "Roche sur Yon", "La Roche-sur-Yon", "85"),
    ("article", "Seyne sur Mer", "La Seyne-sur-Mer", "83"),
    # Codes.
    ("code postal", "22000", "Saint-Brieuc", "22"),
    ("code postal", "29 200", "Brest", "29"),
    ("code INSEE", "22187", "Plérin", "22"),
    ("code INSEE", "2a004", "Ajaccio", "2A"),
    ("code INSEE", "2B033", "Bastia", "2B"),
    # Former communes, by name.
    ("ancienne commune", "Lamballe", "Lamballe-Armor", "22"),
    ("ancienne commune", "Morieux", "Lamballe-Armor", "22"),
    ("ancienne commune", "Cherbourg-Octeville", "Cherbourg-en-Cotentin", "50"),
    ("ancienne commune", "Tourlaville", "Cherbourg-en-Cotentin", "50"),
    ("ancienne commune", "Annecy le Vieux", "Annecy", "74"),
    # A department or a postal code beside the name.
    ("nom et lieu", "saint denis 974", "Saint-Denis", "974"),
    ("nom et lieu", "saint denis 93", "Saint-Denis", "93"),
    ("nom et lieu", "Valence 26", "Valence", "26"),
    ("nom et lieu", "Plerin 22190", "Plérin", "22"),
    ("nom et lieu", "22190 Plerin", "Plérin", "22"),
]


def expected_codes(typos):
    """The INSEE code of each expected commune (a current commune of that name and department).
    A name missing from the data stops the bench: the list would be wrong."""
    from maillage.territories.models import Commune

    codes = {}
    for _, query, name, department in typos:
        found = list(
            Commune.objects.current()
            .filter(name=name, department_id=department)
            .values_list("code", flat=True)
        )
        if len(found) != 1:
            raise SystemExit(f"{query!r}: {name} ({department}) is {found} in the data")
        codes[query] = found[0]
    return codes


# -- The varied queries of the first version -----------------------------------------------------

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


def varied_queries(total: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(kind, query, expected INSEE code or "") for `total` queries drawn from the data."""
    from maillage.territories.enums import CommuneKind
    from maillage.territories.models import Commune, PostalCode

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
    with_former = [row for row in current if row[3]]
    postal = sorted(set(PostalCode.objects.values_list("code", flat=True)))

    def make(kind: str) -> tuple[str, str]:
        if kind == "nom exact":
            code, _, name, *_ = rng.choice(current)
            return name, code
        if kind == "sans accents":
            code, _, name, *_ = rng.choice(current)
            return strip_accents(name).lower(), code
        if kind == "casse fantaisiste":
            code, _, name, *_ = rng.choice(current)
            return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in name), code
        if kind == "st / saint":
            code, _, name, *_ = rng.choice(saints)
            rest = name.split("-", 1)[1]
            return ("ste " if name.startswith("Sainte-") else "st ") + rest, code
        if kind == "préfixe":
            return rng.choice(current)[2][: rng.randint(3, 6)], ""
        if kind == "mot intérieur":
            name = rng.choice(multiword)[2]
            words = [w for w in name.replace("-", " ").split()[1:] if len(w) >= 4]
            return (rng.choice(words) if words else name), ""
        if kind == "ancienne commune":
            _, _, name, _, current_code = rng.choice(former)
            return name, current_code
        if kind == "arrondissement":
            code, _, name, *_ = rng.choice(districts)
            return " ".join(name.split()[:2]), code
        if kind == "code postal":
            return rng.choice(postal), ""
        if kind == "code INSEE":
            code = rng.choice(current)[0]
            return code, code
        if kind == "ancien code":
            code, _, _, former_codes, _ = rng.choice(with_former)
            return rng.choice(former_codes.split()), code
        if rng.random() < 0.5:
            return "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(6)), ""
        return f"{rng.randint(0, 99999):05d}", ""

    queries = []
    for kind, share in MIX.items():
        for _ in range(round(total * share / 200)):
            query, expected = make(kind)
            queries.append((kind, query, expected))
    rng.shuffle(queries)
    return queries[:total]


# -- Measuring -----------------------------------------------------------------------------------


def measure_index() -> str:
    from maillage.territories import search_index

    start = time.perf_counter()
    index = search_index.build()
    seconds = time.perf_counter() - start
    del index
    tracemalloc.start()
    index = search_index.build()
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return (
        f"index: {len(index)} entries, built in {seconds * 1000:.0f} ms (one query), "
        f"{size / 1e6:.1f} MB in memory (tracemalloc)"
    )


def run(queries, rounds: int, show: bool) -> dict:
    """Times each (kind, query, expected code) through the search function, the HTML page and
    the API; counts the queries whose expected commune comes first."""
    from django.test import Client

    from maillage.territories.search import search_communes

    client = Client(SERVER_NAME="localhost")
    search_communes("warm-up")
    # Wall time is the target; the CPU time of the search function (this thread: Python and
    # SQLite, not the PostgreSQL server) shows what a machine shared with other work hides.
    timings = {"fonction": [], "fonction CPU": [], "page HTML": [], "API JSON": []}
    first, asked = Counter(), Counter()
    for _ in range(rounds):
        for number, (kind, query, _expected) in enumerate(queries):
            # One address per query: the API's rate limit counts per client.
            address = f"10.0.{number // 250}.{number % 250 + 1}"
            start, cpu = time.perf_counter(), time.thread_time()
            results = search_communes(query)
            timings["fonction"].append((time.perf_counter() - start) * 1000)
            timings["fonction CPU"].append((time.thread_time() - cpu) * 1000)
            for label, url in (("page HTML", HTML_URL), ("API JSON", JSON_URL)):
                start = time.perf_counter()
                response = client.get(url, {"q": query}, REMOTE_ADDR=address)
                timings[label].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, query, response.status_code)
            if show:
                found = "; ".join(f"{r.label} ({r.commune.department_id})" for r in results[:3])
                print(f"  {timings['fonction'][-1]:6.2f} ms  {kind:18} {query!r:28} → {found}")
    for kind, query, expected in queries:
        if expected:
            asked[kind] += 1
            results = search_communes(query)
            first[kind] += bool(results) and results[0].place.code == expected
    return {"timings": timings, "first": first, "asked": asked}


def report(title: str, outcome: dict, queries: int) -> None:
    print(f"{title}; load average after: {os.getloadavg()[0]:.2f}")
    for label, samples in outcome["timings"].items():
        print(f"  {label:12} {percentiles(samples)}")
    # On a machine shared with other work, each query's best round is closer to its own cost.
    for label in ("fonction", "API JSON"):
        samples = outcome["timings"][label]
        best = [min(samples[index::queries]) for index in range(queries)]
        print(f"  {label + ' (meilleur tour)':12} {percentiles(best)}")
    first, asked = outcome["first"], outcome["asked"]
    if asked:
        total_first, total = sum(first.values()), sum(asked.values())
        print(
            f"  expected commune first: {total_first}/{total} ({100 * total_first / total:.0f} %); "
            + ", ".join(f"{kind} {first[kind]}/{asked[kind]}" for kind in asked)
        )


def bench(args) -> None:
    setup_django_from(args)
    ensure_geography()
    from maillage.territories.models import Commune, PostalCode

    load_before = os.getloadavg()[0]
    codes = expected_codes(TYPOS)
    typos = [(kind, query, codes[query]) for kind, query, _, _ in TYPOS]
    print(__doc__.splitlines()[0])
    kinds = Counter(Commune.objects.values_list("kind", flat=True))
    print(
        f"rows: {sum(kinds.values())} communes ("
        + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
        + f"), {PostalCode.objects.count()} postal codes"
    )
    print(f"{conditions()}; load average before the run: {load_before:.2f}")
    print(measure_index())
    if args.show or args.list:
        print(f"typo queries ({len(typos)}):")
        for (kind, query, name, department), (_, _, code) in zip(TYPOS, typos, strict=True):
            print(f"  {kind:18} {query!r:28} → {name} ({department}, {code})")
    report(
        f"typo queries: {len(typos)} x {args.rounds} round(s)",
        run(typos, args.rounds, args.show),
        len(typos),
    )
    varied = varied_queries(200, random.Random(42))
    report(
        f"varied queries: {len(varied)} x {args.rounds} round(s)",
        run(varied, args.rounds, show=False),
        len(varied),
    )


def setup_django_from(args) -> None:
    os.environ["DATABASE_URL"] = args.database_url[0]
    setup_django(argparse.ArgumentParser())


def create_postgres_database(url: str) -> None:
    """The bench database, created on the server if it does not exist yet."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = "select 1 from pg_database where datname = %s"
        if not connection.execute(exists, [name]).fetchone():
            connection.execute(f'create database "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", action="append", help="one run per database")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is timed")
    parser.add_argument("--list", action="store_true", help="print the typo queries")
    parser.add_argument("--show", action="store_true", help="print every query and its results")
    args = parser.parse_args()
    urls = args.database_url or [SQLITE_URL, POSTGRES_URL]
    if len(urls) == 1:
        sys.argv = [sys.argv[0]]  # setup_django parses its own arguments
        args.database_url = urls
        bench(args)
        return
    for url in urls:
        if url.startswith("postgres"):
            create_postgres_database(url)
        options = ["--rounds", str(args.rounds)] + ["--list"] * args.list + ["--show"] * args.show
        subprocess.run(
            [sys.executable, __file__, "--database-url", url, *options], check=True, cwd=ROOT
        )
        print()


if __name__ == "__main__":
    main()
