"""The search for actions: commune, kind, public, free text (stemmed, accent-insensitive),
free only, freshness, counts per filter; the full-text index in step with every write."""

import pytest

from maillage.actions import search
from maillage.actions.enums import KindCode, PublicCode
from maillage.actions.models import Action
from maillage.actions.search import Criteria, find, matching, reindex_actions, stem, words
from maillage.territories.enums import PartKind
from tests.actions.factories import ActionFactory
from tests.organisations.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def found(criteria: Criteria) -> set[str]:
    return {action.title for action in matching(criteria)}


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (["visite", "visites", "visiter", "visiteur", "visiteuses"], "visit"),
        (["âgée", "âgées", "âgés", "AGE"], "age"),
        (["culturel", "culturelle", "culturels"], "culturel"),
        (["actif", "active", "actives"], "activ"),
        (["animation", "animations", "animer", "animateur"], "anim"),
        (["journaux", "journal"], "journal"),
    ],
)
def test_the_stemmer_brings_the_forms_of_a_word_together(forms, expected):
    assert {stem(words(form)[0]) for form in forms} == {expected}


def test_short_words_and_numbers_are_kept_and_stop_words_dropped():
    assert words("Les repas du 3e âge, à l'EHPAD") == ["repas", "3e", "age", "ehpad"]
    assert stem("bus") == "bus"
    assert stem("2024") == "2024"


def test_free_text_ignores_accents_case_and_word_forms(geography):
    ActionFactory(title="Visites à domicile des aînés", commune=geography["plerin"], summary="")
    ActionFactory(
        title="Atelier numérique",
        summary="Apprendre à se servir d'une tablette.",
        kinds=[KindCode.DIGITAL],
    )
    ActionFactory(
        title="Café des aidants",
        summary="Un moment d'échange entre aidants.",
        kinds=[KindCode.CARERS],
    )

    assert found(Criteria(text="visite")) == {"Visites à domicile des aînés"}
    assert found(Criteria(text="Aînées")) == {"Visites à domicile des aînés"}
    assert found(Criteria(text="VISITEURS aines")) == {"Visites à domicile des aînés"}
    assert found(Criteria(text="numerique")) == {"Atelier numérique"}
    assert found(Criteria(text="tablettes")) == {"Atelier numérique"}
    # A word being typed matches as a prefix; every word must match.
    assert found(Criteria(text="numér")) == {"Atelier numérique"}
    assert found(Criteria(text="atelier café")) == set()
    # Nothing searchable (stop words, punctuation): the text filter does not apply.
    assert len(found(Criteria(text="les « » ?"))) == 3


def test_text_finds_an_action_by_its_organisation_kind_and_commune(geography):
    carrier = OrganisationFactory(name="Les Petits Frères des Pauvres")
    ActionFactory(
        title="Appels du dimanche",
        commune=geography["lamballe"],
        organisations=[carrier],
        kinds=[KindCode.PHONE_CALLS],
    )
    ActionFactory(title="Autre chose", commune=geography["brest"])

    assert found(Criteria(text="petits freres")) == {"Appels du dimanche"}
    assert found(Criteria(text="téléphoniques")) == {"Appels du dimanche"}
    assert found(Criteria(text="lamballe")) == {"Appels du dimanche"}


def test_the_index_follows_saves_renames_carriers_and_deletes(geography):
    action = ActionFactory(title="Goûter partagé")
    assert found(Criteria(text="gouter")) == {"Goûter partagé"}

    action.title = "Promenade du jeudi"
    action.save()
    assert found(Criteria(text="gouter")) == set()
    assert found(Criteria(text="promenades")) == {"Promenade du jeudi"}

    carrier = OrganisationFactory(name="Association Lien Social")
    action.organisations.add(carrier)
    assert found(Criteria(text="lien social")) == {"Promenade du jeudi"}
    carrier.name = "Entraide Rurale"
    carrier.save()
    assert found(Criteria(text="entraide")) == {"Promenade du jeudi"}
    carrier.actions.clear()
    assert found(Criteria(text="entraide")) == set()

    action.delete()
    assert found(Criteria(text="promenade")) == set()


def test_bulk_writes_are_indexed_by_reindex_actions(geography):
    action = ActionFactory(title="Marche douce", summary="")
    Action.objects.filter(pk=action.pk).update(title="Gymnastique douce")
    assert found(Criteria(text="gymnastique")) == set()

    reindex_actions([action.pk, 999_999])

    assert found(Criteria(text="gymnastique")) == {"Gymnastique douce"}
    assert found(Criteria(text="marche")) == set()


def test_commune_kind_public_free_and_freshness_combine(geography):
    plerin, brest = geography["plerin"], geography["brest"]
    ActionFactory(
        title="Visites Plérin",
        commune=plerin,
        parts=[(PartKind.EPCI, geography["sbaa"].code)],
        kinds=[KindCode.HOME_VISITS],
    )
    ActionFactory(
        title="Sorties payantes",
        commune=plerin,
        is_free=False,
        kinds=[KindCode.OUTINGS],
        publics=[PublicCode.CARERS],
    )
    ActionFactory(title="À vérifier", commune=plerin, to_check=True)
    ActionFactory(title="Ancienne", commune=plerin, stale=True)
    ActionFactory(title="Terminée", commune=plerin, ended=True)
    ActionFactory(title="Brest", commune=brest)

    assert found(Criteria(commune=plerin)) == {"Visites Plérin", "Sorties payantes", "À vérifier"}
    assert found(Criteria(commune=plerin, include_old=True)) == {
        "Visites Plérin",
        "Sorties payantes",
        "À vérifier",
        "Ancienne",
        "Terminée",
    }
    assert found(Criteria(commune=plerin, free_only=True)) == {"Visites Plérin", "À vérifier"}
    assert found(Criteria(commune=plerin, kinds=(KindCode.OUTINGS,))) == {"Sorties payantes"}
    assert found(Criteria(commune=plerin, kinds=(KindCode.OUTINGS, KindCode.HOME_VISITS))) == {
        "Visites Plérin",
        "Sorties payantes",
        "À vérifier",
    }
    assert found(Criteria(commune=plerin, publics=(PublicCode.CARERS,))) == {"Sorties payantes"}
    assert found(Criteria(commune=geography["lamballe"])) == {
        "Sorties payantes",
        "À vérifier",
    }
    assert found(Criteria(commune=brest)) == {"Brest"}
    assert found(Criteria(department=geography["finistere"])) == {"Brest"}


@pytest.mark.parametrize("in_memory", [True, False], ids=["en-memoire", "en-base"])
def test_counts_say_what_each_kind_and_public_would_give(geography, monkeypatch, in_memory):
    if not in_memory:  # too many candidates to read: the database counts
        monkeypatch.setattr(search, "IN_MEMORY_LIMIT", -1)
    plerin = geography["plerin"]
    ActionFactory(commune=plerin, kinds=[KindCode.HOME_VISITS, KindCode.PHONE_CALLS])
    ActionFactory(commune=plerin, kinds=[KindCode.PHONE_CALLS], publics=[PublicCode.CARERS])
    ActionFactory(commune=geography["brest"], kinds=[KindCode.PHONE_CALLS])

    result = find(Criteria(commune=plerin, kinds=(KindCode.HOME_VISITS,)))

    kinds = {facet.code: (facet.count, facet.chosen) for facet in result.kinds}
    publics = {facet.code: facet.count for facet in result.publics}
    assert result.total == 1
    # The kinds' counts leave the chosen kind aside: choosing calls too would give 2.
    assert kinds[KindCode.HOME_VISITS] == (1, True)
    assert kinds[KindCode.PHONE_CALLS] == (2, False)
    assert kinds[KindCode.OUTINGS] == (0, False)
    # The publics' counts keep the chosen kind.
    assert publics == {"domicile": 1, "etablissement": 0, "aidants": 0, "tout_public": 0}


@pytest.mark.parametrize("in_memory", [True, False], ids=["en-memoire", "en-base"])
def test_actions_held_in_the_commune_come_first(geography, monkeypatch, in_memory):
    if not in_memory:
        monkeypatch.setattr(search, "IN_MEMORY_LIMIT", -1)
    ActionFactory(title="A ailleurs", commune=geography["saint_brieuc"])
    ActionFactory(title="B sur place", commune=geography["plerin"])

    result = find(Criteria(commune=geography["plerin"]))

    assert [action.title for action in result.actions] == ["B sur place", "A ailleurs"]


def test_the_number_of_queries_does_not_grow_with_the_results(
    geography, django_assert_max_num_queries
):
    def run():
        result = find(Criteria(commune=geography["plerin"], text="visite"), per_page=50)
        for action in result.actions:
            list(action.kinds.all()), list(action.organisations.all()), action.commune.name

    ActionFactory(title="Visite 1", commune=geography["plerin"])
    with django_assert_max_num_queries(9):
        run()
    for n in range(15):
        ActionFactory(title=f"Visite {n + 2}", commune=geography["plerin"])
    with django_assert_max_num_queries(9):
        run()
