"""Search keywords for the sectors Sector Skills Alliances usually address: the occupations and
trades people type ("welding", "bakery", "nursing") that NACE titles do not contain. A term goes
where NACE Rev. 2 classifies the activity (bricklaying and plumbing: 43, specialised construction;
machining and forging: 25). Admins edit them; this only fills the starting set."""

from django.db import migrations

KEYWORDS = {
    "01": "farming, horticulture, livestock, viticulture",
    "02": "timber harvesting",
    "03": "fish farming",
    "10": "food processing, bakery, bakers, baking, butchers, butchery, dairy, meat processing, "
          "confectionery",
    "11": "brewing, winemaking, wine, beer, distilling",
    "13": "weaving, spinning, knitting",
    "14": "clothing, garments, fashion, tailoring, sewing",
    "15": "footwear, shoemaking",
    "16": "woodworking, sawmills, timber",
    "20": "chemistry, cosmetics, paints",
    "21": "pharma, medicines",
    "22": "plastics processing, tyres",
    "23": "glass, ceramics, cement, concrete",
    "24": "steel, iron, aluminium, foundry",
    "25": "welding, welders, metalwork, metalworking, machining, CNC, forging, sheet metal",
    "26": "electronics, semiconductors, microelectronics",
    "27": "batteries, cables, lighting",
    "28": "mechanical engineering, mechatronics, industrial machinery",
    "29": "automotive, cars, car manufacturing",
    "30": "shipbuilding, aerospace, aircraft manufacturing, rolling stock",
    "31": "cabinet making, upholstery",
    "32": "jewellery, toys, musical instruments",
    "33": "industrial maintenance",
    "35": "energy, renewable energy, solar power, wind power, power generation",
    "36": "water treatment, drinking water",
    "37": "wastewater",
    "38": "recycling",
    "41": "house building, building construction",
    "42": "roads, bridges, infrastructure",
    "43": "bricklaying, masonry, plumbing, plumbers, electricians, electrical installation, "
          "carpentry, roofing, plastering, tiling, decorating, insulation, heating installation",
    "45": "car repair, car mechanics, vehicle maintenance, car dealers",
    "47": "shops, shop assistants, e-commerce, supermarkets",
    "H": "logistics",
    "49": "road haulage, truck drivers, lorry drivers, buses, rail transport",
    "50": "shipping, maritime, seafarers, inland waterways",
    "51": "aviation, airlines, pilots, cabin crew",
    "52": "warehouse, ports, airports, cargo handling",
    "53": "parcel delivery",
    "I": "hospitality, tourism",
    "55": "hotels, hostels, campsites",
    "56": "cooking, cooks, chefs, restaurants, catering, bars, waiters",
    "59": "film, cinema, animation, audiovisual",
    "60": "radio, television",
    "62": "software, software development, coding, web development, IT services",
    "63": "data processing, hosting",
    "64": "banking, banks",
    "69": "law, lawyers, accountancy, accountants, bookkeeping, auditing",
    "71": "architecture, architects, surveying",
    "73": "marketing",
    "78": "recruitment, temporary work",
    "79": "tourism, tour guides",
    "80": "security guards",
    "81": "cleaning, facility management, landscaping, gardening",
    "85": "teaching, teachers, trainers, vocational training, schools",
    "86": "health care, healthcare, hospitals, nursing, nurses, doctors, dentistry, physiotherapy",
    "87": "elderly care, care homes, nursing homes, long-term care",
    "88": "social care, childcare, day care, home care, youth work",
    "90": "performing arts, theatre, artists",
    "93": "fitness, sport coaching, leisure",
    "95": "computer repair, phone repair",
    "96": "hairdressing, hairdressers, beauty, barbers, laundry",
}


def fill_keywords(apps, schema_editor):
    Sector = apps.get_model("lots", "Sector")
    for code, keywords in KEYWORDS.items():
        Sector.objects.filter(code=code, keywords="").update(keywords=keywords)


def clear_keywords(apps, schema_editor):
    Sector = apps.get_model("lots", "Sector")
    for code, keywords in KEYWORDS.items():
        Sector.objects.filter(code=code, keywords=keywords).update(keywords="")


class Migration(migrations.Migration):
    dependencies = [("lots", "0004_sector_keywords")]

    operations = [migrations.RunPython(fill_keywords, clear_keywords)]
