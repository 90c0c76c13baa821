"""The communes and intercommunalities the sample inventory names, added to the `geography`
fixture (which holds Saint-Brieuc, Plérin and Lamballe-Armor already)."""

from maillage.actions.samples.make_sample import COMMUNES, EPCIS
from maillage.territories.enums import CommuneKind
from maillage.territories.models import Commune, Epci
from tests.territories.factories import CommuneFactory, EpciFactory


def add_sample_geography(geography) -> None:
    for code, name in EPCIS.items():
        if not Epci.objects.filter(code=code).exists():
            EpciFactory(code=code, name=name)
    for code, name, postcode, epci in COMMUNES:
        if not Commune.objects.filter(code=code, kind=CommuneKind.CURRENT).exists():
            CommuneFactory(
                code=code,
                name=name,
                department=geography["armor"],
                epci=Epci.objects.get(code=epci),
                postal=[postcode],
            )
