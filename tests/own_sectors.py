"""Calls that name sectors of their own, for the integration tests of lots and consortia."""

from types import SimpleNamespace

from lots.models import Call, Lot, Sector


def own_sector(call, code, name, keywords=""):
    return Sector.objects.create(call=call, code=code, name=name, level="named", keywords=keywords)


def blueprint_calls():
    """An open Blueprint call naming its own sectors instead of NACE: Lot 1 offers all three,
    Lot 2 narrows to Microelectronics. Another open call names a BATT of its own and SPACE."""
    call = Call.objects.create(
        slug="blueprint-2020",
        title="Blueprint 2020",
        year=2020,
        programme_countries=["DE", "FR", "IT"],
        nace_sectors=False,
    )
    sectors = {
        "BATT": own_sector(call, "BATT", "Batteries for electro-mobility", "battery cells"),
        "DEF": own_sector(call, "DEF", "Defence technologies"),
        "MICRO": own_sector(call, "MICRO", "Microelectronics", "chips, semiconductors"),
    }
    lot_1 = Lot.objects.create(call=call, number=1, title="All", allowed_durations=[4])
    lot_2 = Lot.objects.create(call=call, number=2, title="Chips", allowed_durations=[4])
    lot_2.sectors.set([sectors["MICRO"]])
    other = Call.objects.create(slug="other-2020", title="Other 2020", year=2020)
    return SimpleNamespace(
        call=call,
        lot_1=lot_1,
        lot_2=lot_2,
        sectors=sectors,
        other=other,
        other_batt=own_sector(other, "BATT", "Battery recycling"),
        space=own_sector(other, "SPACE", "Space"),
    )
