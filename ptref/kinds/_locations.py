"""Where pain is felt: the regions of the pain-location map, in the map's order.

Conditions must say where they are felt and red flags may (the schemas' `locations`, defined
once in common.schema.json); the map card (ptref/render/pathways.py) draws these regions."""

LOCATIONS = {
    "midline": "Over the spine (midline)",
    "paraspinal": "Beside the spine",
    "scapular": "Around or between the shoulder blades",
    "chest-wall": "Side of the chest, over the ribs",
    "anterior-chest": "Front of the chest",
    "band": "In a band around the trunk",
    "arm": "Into the arm or hand",
    "diffuse": "Widespread or hard to place",
}


def where_felt(page, entry) -> str:
    """The page section 'Where it is felt': the entry's regions in words."""
    return ", ".join(LOCATIONS[x] for x in entry.data["locations"]) + "."
