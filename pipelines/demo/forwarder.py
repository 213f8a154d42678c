"""The harvesting contractor's StanForD 2010 forwarder files (.fpr): the wood of the harvest objects
carried to the landing, one file per harvester file with the same objects and object keys.

The forwarder carries all of an object's harvest per product, except in about one object in five,
where it leaves a remainder of one product in the forest (energy wood or pulpwood, 2-12 %): the part
the forwarding balance must show. Each object has one location (named after its first harvest area),
each product one delivery. As in the harvester files, a partial load stands for several real loads
(a few hundred m³), which keeps the demo small; its m³sub are in thousandths and add up exactly to
what was forwarded. The Svorkmo forwarder has a crane scale and weighs every partial load; the
Meldal one does not, so its masses are derived from the deliveries' on-bark density.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from pipelines.demo.harvester import PRODUCTS, HarvestObject, split_thousandths, stamp
from pipelines.demo.reference import canonical_basis, per_canonical
from pipelines.demo.spec import Site

#: the columns of the table `fpr_table` makes, as the company mapping names them
COLUMNS = (("Load", "load_id"), ("PartialLoad", "partial_load_id"), ("Date", "unloading_date"),
           ("Object", "object_key"), ("ObjectName", "object_name"), ("Location", "location_name"),
           ("Delivery", "delivery_name"), ("Product", "material"), ("Volume m3sub", "quantity"), ("Unit", "unit"),
           ("Mass t", "mass_t"), ("Mass source", "mass_source"))
#: kg per m³ on bark configured for each delivery: fresh Norway spruce, 860 kg/m³ incl. bark (the UNECE/FAO
#: conversion-factor figure cited in data/reference/materials.csv), used for every assortment
DENSITY_ON_BARK = 860
#: m³sub per partial load written (each stands for a dozen or more real loads of 12-20 m³)
M3_PER_PARTIAL_LOAD = 250.0
#: landings whose forwarder weighs its loads (a crane scale)
WEIGHING = {"GRS-SVORKMO"}
#: products a forwarder may leave part of in the forest, and the share of objects where it does
LEFT_BEHIND = ("ENERGYWOOD", "PULPWOOD")
LEFT_SHARE = 0.2


def harvested(obj: HarvestObject) -> dict[str, int]:
    """Thousandths of m³sub harvested per material in an object, as its harvester file writes them."""
    out: dict[str, int] = {}
    for area in obj.areas:
        for material, v in area.m3:
            if round(v * 1000) > 0:
                out[material] = out.get(material, 0) + round(v * 1000)
    return out


def forwarded(obj: HarvestObject) -> dict[str, int]:
    """Thousandths of m³sub forwarded per material from an object: its harvest less, in some objects, a
    remainder of one product."""
    out = harvested(obj)
    rng = random.Random(obj.seed ^ 0xF0F0)
    if rng.random() < LEFT_SHARE:
        left = next((m for m in LEFT_BEHIND if m in out), None)
        if left:
            out[left] -= round(out[left] * rng.uniform(0.02, 0.12))
    return out


def write_fpr(path: Path, objects: list[HarvestObject], landing: Site, company_name: str
              ) -> tuple[int, dict[str, float], dict[str, float], float]:
    """Write one forwarder file; returns its partial loads (rows), canonical totals and per material
    (m³sub x basic density, as the ingestion computes them) and the mass written, in t."""
    objects = sorted(objects, key=lambda o: (o.end, o.key))
    created = max(o.end for o in objects) + timedelta(days=1)
    weighs = landing.id in WEIGHING
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<ForwardedProduction xmlns="urn:skogforsk:stanford2010" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="3.1" messageType="fpr" '
           'versionDate="2015-02-06" areaUnit="ha" volumeUnit="m3" lengthUnit="cm" diameterUnit="mm" '
           'weightUnit="kg">',
           "\t<ForwardedProductionHeader>",
           "\t\t<SenderApplication>sidestream demo forwarder</SenderApplication>",
           f"\t\t<CreationDate>{stamp(created, 6)}</CreationDate>",
           "\t\t<CountryCode>578</CountryCode>",
           "\t</ForwardedProductionHeader>",
           '\t<Machine machineCategory="Forwarder">',
           f"\t\t<MachineKey>{escape(landing.id)}-F1</MachineKey>",
           f"\t\t<MachineOwner><BusinessID>{escape(company_name)}</BusinessID></MachineOwner>"]
    for key, name in PRODUCTS.values():
        out.append(f"\t\t<ProductDefinition><ProductKey>{key}</ProductKey><ClassifiedProductDefinition>"
                   f"<ProductName>{escape(name)}</ProductName></ClassifiedProductDefinition></ProductDefinition>")
    for o in objects:
        out.append(f"\t\t<ObjectDefinition><ObjectName>{escape(o.name)}</ObjectName><ObjectKey>{o.key}</ObjectKey>"
                   f"<StartDate>{stamp(o.start, 7)}</StartDate></ObjectDefinition>")
        out.append(f"\t\t<LocationDefinition><LocationName>{escape(o.areas[0].name)}</LocationName>"
                   f"<LocationKey>{o.key}</LocationKey><ObjectKey>{o.key}</ObjectKey></LocationDefinition>")
    for key, name in PRODUCTS.values():
        out.append(f"\t\t<DeliveryDefinition><DeliveryName>{escape(name)} til {escape(landing.name)}</DeliveryName>"
                   f'<Density densityCategory="On bark">{DENSITY_ON_BARK}</Density>'
                   f"<DeliveryKey>{key}</DeliveryKey><ProductKey>{key}</ProductKey></DeliveryDefinition>")
    rows, load_key = 0, 1
    mass_t = 0.0
    totals: dict[str, float] = {}
    by_material: dict[str, float] = {}
    for o in objects:
        rng = random.Random(o.seed ^ 0x0F0F)
        days = [o.start + timedelta(days=d) for d in range((o.end - o.start).days + 1)]
        for material, thousandths in forwarded(o).items():
            n = max(1, min(thousandths, round(thousandths / 1000 / M3_PER_PARTIAL_LOAD)))
            for part in split_thousandths(rng, thousandths, n):
                sob = round(part * rng.uniform(1.09, 1.14))  # thousandths of m³ on bark
                weight = ""
                if weighs:
                    kg = round(sob / 1000 * DENSITY_ON_BARK * rng.uniform(0.93, 1.07))
                    weight = f"<LoadWeight>{kg}</LoadWeight>"
                    mass_t += kg / 1000
                else:
                    mass_t += float(f"{sob / 1000 * DENSITY_ON_BARK / 1000:.6f}")
                product = PRODUCTS[material][0]
                out.append(
                    f"\t\t<Load><LoadKey>{load_key}</LoadKey><UnloadingTime>{stamp(rng.choice(days), 12)}"
                    f"</UnloadingTime><PartialLoad><PartialLoadKey>{load_key}</PartialLoadKey>"
                    f"<DeliveryKey>{product}</DeliveryKey><LocationKey>{o.key}</LocationKey>"
                    f'<LoadVolume loadVolumeCategory="Volume, m3sob">{sob / 1000:.3f}</LoadVolume>'
                    f'<LoadVolume loadVolumeCategory="Volume, m3sub">{part / 1000:.3f}</LoadVolume>'
                    f"{weight}</PartialLoad></Load>")
                load_key += 1
                rows += 1
                canonical = float(f"{part / 1000:.3f}") * per_canonical(material, "m3fub", None)
                basis = canonical_basis(material)
                totals[basis] = totals.get(basis, 0.0) + canonical
                by_material[material] = by_material.get(material, 0.0) + canonical
    out += ["\t</Machine>", "</ForwardedProduction>", ""]
    path.write_text("\n".join(out), encoding="utf-8", newline="\n")
    return rows, totals, by_material, mass_t
