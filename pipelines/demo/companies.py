"""The fictional demo cluster around Orkanger and Trondheim: ten companies, their sites and file formats.

All names are invented. Each company deliberately writes its files differently (CSV dialects, XLSX
layouts, units, Norwegian product and column names) so the ingestion's mapping layer is exercised.
Replicas (`replica > 1`) get suffixed ids and names so a cloned cluster never collides with the base.
"""

from __future__ import annotations

import math
from dataclasses import replace

from pipelines.demo.forwarder import COLUMNS as FPR_COLUMNS
from pipelines.demo.harvester import COLUMNS as HPR_COLUMNS
from pipelines.demo.orgnr import org_number
from pipelines.demo.spec import Company, Dialect, Export, Site

#: External parties (not cluster members) and their road distance from Orkanger, km.
EXTERNAL_KM: dict[str, float] = {
    "Nordfjell Skogeierlag SA": 65.0,
    "Fjordmassa AS": 140.0,
    "Trebyggern Handel AS": 42.0,
    "Varmeflis Midt AS": 55.0,
    "Fjellvik Avfallsdeponi AS": 18.0,
    "Grønnjord Kompost AS": 27.0,
    "Kystbetong AS": 35.0,
    "Fjordbygd Renovasjon IKS": 22.0,
    "Midtnorsk Energigjenvinning AS": 48.0,
    "Heimdal Byggavfall AS": 6.0,
    "Hanse Holz Import GmbH": 1450.0,
    "Pellet Nord ApS": 1100.0,
    "SiliChem Europe GmbH": 1600.0,
    "Nordkvarts AS": 520.0,
    "Østersjø Kull AB": 1300.0,
}

_NO = {"truck": "Bil", "ship": "Båt", "rail": "Tog", "conveyor": "Transportbånd", "pipe": "Rør"}


def _base() -> list[Company]:
    """The ten companies of replica 1 (ids and names without suffix)."""
    semi = Dialect("csv", ";", ",", "", "windows-1252", "dd.mm.yyyy")
    return [
        Company(
            "granli-skog", "Granli Skogsdrift AS", org_number(91234560), "harvesting", "monthly", "GS",
            (Site("GRS-MELDAL", "Granli avlegg Meldal", "harvesting", 63.0458, 9.7121),
             Site("GRS-SVORKMO", "Granli avlegg Svorkmo", "harvesting", 63.1503, 9.7498)),
            semi,
            (
                Export("leveranser", "shipments", "leveranser_{y}-{m:02d}.csv", "monthly", (
                    ("Følgeseddel", "document_no"), ("Leveranse-ID", "shipment_id"), ("Dato", "ship_date"),
                    ("Avlegg", "sender_site"), ("Mottaker", "receiver"), ("Sortiment", "material"),
                    ("Hogstobjekt", "lot_id"), ("Mengde", "quantity"), ("Enhet", "unit"),
                    ("Transport", "transport_mode"), ("Km", "distance_km"))),
                # the harvester's StanForD 2010 files, one per landing and month (site as a constant)
                Export("hogst_meldal", "production", "hogst_meldal_{y}-{m:02d}.hpr", "monthly", HPR_COLUMNS,
                       constants=(("site", "GRS-MELDAL"),), date_format="yyyy-mm-dd", format="stanford_hpr"),
                Export("hogst_svorkmo", "production", "hogst_svorkmo_{y}-{m:02d}.hpr", "monthly", HPR_COLUMNS,
                       constants=(("site", "GRS-SVORKMO"),), date_format="yyyy-mm-dd", format="stanford_hpr"),
                # the forwarders' files, one per harvester file, with the same harvest objects
                Export("lass_meldal", "forwarding", "lass_meldal_{y}-{m:02d}.fpr", "monthly", FPR_COLUMNS,
                       constants=(("site", "GRS-MELDAL"),), date_format="yyyy-mm-dd", format="stanford_fpr"),
                Export("lass_svorkmo", "forwarding", "lass_svorkmo_{y}-{m:02d}.fpr", "monthly", FPR_COLUMNS,
                       constants=(("site", "GRS-SVORKMO"),), date_format="yyyy-mm-dd", format="stanford_fpr"),
                Export("lager", "stock", "lager_{y}.csv", "yearly", (
                    ("Telledato", "count_date"), ("Avlegg", "site"), ("Sortiment", "material"),
                    ("Mengde", "quantity"), ("Enhet", "unit"))),
            ),
            {"SAWLOG_SPRUCE": "Sagtømmer gran", "SAWLOG_PINE": "Sagtømmer furu", "PULPWOOD": "Massevirke bar",
             "ENERGYWOOD": "Energivirke"},
            {"SAWLOG_SPRUCE": "m3fub", "SAWLOG_PINE": "m3fub", "PULPWOOD": "m3fub", "ENERGYWOOD": "m3fub"},
            unit_names={"m3fub": "m³fub"}, mode_names=_NO,
        ),
        Company(
            "svartelva-sag", "Svartelva Sagbruk AS", org_number(92745610), "sawmill", "monthly", "SVS",
            (Site("SVS-ORKANGER", "Svartelva Sagbruk Orkanger", "sawmill", 63.3005, 9.8418),),
            Dialect("xlsx", date_format="yyyy-mm-dd", title=True),
            (
                Export("produksjon", "production", "produksjon_{y}{m:02d}.xlsx", "monthly", (
                    ("Batch", "batch_id"), ("Dato", "event_date"), ("Retning", "direction"),
                    ("Parti", "lot_id"), ("Produkt", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("site", "SVS-ORKANGER"),)),
                Export("utleveranser", "shipments", "utleveranser_{y}{m:02d}.xlsx", "monthly", (
                    ("Leveranse", "shipment_id"), ("Følgeseddel", "document_no"), ("Dato", "ship_date"),
                    ("Mottaker", "receiver"), ("Parti", "lot_id"), ("Produkt", "material"),
                    ("Mengde", "quantity"), ("Enhet", "unit"), ("Transportmåte", "transport_mode"),
                    ("Avstand km", "distance_km")), constants=(("sender_site", "SVS-ORKANGER"),)),
                Export("tommermottak", "receipts", "tommermottak_{y}{m:02d}.xlsx", "monthly", (
                    ("Mottaksnr", "receipt_id"), ("Dato", "receipt_date"), ("Leverandør", "sender"),
                    ("Følgeseddel", "document_no"), ("Parti", "lot_id"), ("Leverandørs parti", "sender_lot_id"),
                    ("Sortiment", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("receiver_site", "SVS-ORKANGER"),)),
                Export("lagertelling", "stock", "lagertelling_{y}_Q{q}.xlsx", "quarterly", (
                    ("Dato", "count_date"), ("Produkt", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("site", "SVS-ORKANGER"),)),
                Export("avfall", "treatments", "avfall_{y}.xlsx", "yearly", (
                    ("Ref", "treatment_id"), ("Dato", "treatment_date"), ("Mottaker", "receiver"),
                    ("Behandling", "operation"), ("Produkt", "material"), ("Mengde", "quantity"),
                    ("Enhet", "unit"), ("Deklarasjonsnr", "document_no")),
                    constants=(("site", "SVS-ORKANGER"),), units=(("BARK", "t"),)),
            ),
            {"SAWLOG_SPRUCE": "Skurtømmer gran", "SAWLOG_PINE": "Skurtømmer furu", "SAWN_TIMBER": "Skurlast",
             "CHIPS": "Flis", "SAWDUST": "Sagflis", "BARK": "Bark"},
            {"SAWLOG_SPRUCE": "m3fub", "SAWLOG_PINE": "m3fub", "SAWN_TIMBER": "m3f", "CHIPS": "lm3",
             "SAWDUST": "lm3", "BARK": "lm3"},
            unit_names={"m3f": "fm3", "lm3": "løs m3", "t": "tonn"}, direction_names=("Inn", "Ut"),
            mode_names=_NO, operation_names={"D1": "Deponi (D1)", "R13": "Mellomlager (R13)"},
        ),
        Company(
            "bjorgasen-sag", "Bjørgåsen Sag AS", org_number(98512340), "sawmill", "quarterly", "BJS",
            (Site("BJS-BORSA", "Bjørgåsen Sag Børsa", "sawmill", 63.3275, 10.0355),),
            Dialect("csv", ",", ".", "", "utf-8-sig", "yyyy-mm-dd"),
            (
                Export("prod", "production", "prod_{y}-Q{q}.csv", "quarterly", (
                    ("batch", "batch_id"), ("dato", "event_date"), ("retning", "direction"), ("parti", "lot_id"),
                    ("vare", "material"), ("mengde", "quantity"), ("enhet", "unit"), ("fukt_pst", "moisture_pct")),
                    constants=(("site", "BJS-BORSA"),)),
                Export("utlev", "shipments", "utlev_{y}-Q{q}.csv", "quarterly", (
                    ("lev_id", "shipment_id"), ("folgeseddel", "document_no"), ("dato", "ship_date"),
                    ("mottaker", "receiver"), ("parti", "lot_id"), ("vare", "material"), ("mengde", "quantity"),
                    ("enhet", "unit"), ("fukt_pst", "moisture_pct"), ("transport", "transport_mode"),
                    ("km", "distance_km")), constants=(("sender_site", "BJS-BORSA"),)),
                Export("innlev", "receipts", "innlev_{y}-Q{q}.csv", "quarterly", (
                    ("mottak_id", "receipt_id"), ("dato", "receipt_date"), ("leverandor", "sender"),
                    ("folgeseddel", "document_no"), ("parti", "lot_id"), ("leverandor_parti", "sender_lot_id"),
                    ("vare", "material"), ("mengde", "quantity"), ("enhet", "unit")),
                    constants=(("receiver_site", "BJS-BORSA"),)),
                Export("lager", "stock", "lager_{y}.csv", "yearly", (
                    ("dato", "count_date"), ("vare", "material"), ("mengde", "quantity"), ("enhet", "unit")),
                    constants=(("site", "BJS-BORSA"),)),
            ),
            {"SAWLOG_SPRUCE": "gran_skur", "SAWLOG_PINE": "furu_skur", "SAWN_TIMBER": "skurlast", "CHIPS": "flis",
             "SAWDUST": "sagflis", "BARK": "bark"},
            {"SAWLOG_SPRUCE": "m3fub", "SAWLOG_PINE": "m3fub", "SAWN_TIMBER": "m3f", "CHIPS": "t",
             "SAWDUST": "m3s", "BARK": "m3s"},
        ),
        Company(
            "fjordhovleriet", "Fjordhøvleriet AS", org_number(99187650), "planing_mill", "quarterly", "FJH",
            (Site("FJH-ORKANGER", "Fjordhøvleriet Grønøra", "planing_mill", 63.3060, 9.8475),),
            Dialect("csv", "\t", ",", " ", "utf-8", "dd.mm.yyyy"),
            (
                Export("produksjon", "production", "produksjon_{y}_K{q}.txt", "quarterly", (
                    ("Ordre", "batch_id"), ("Dato", "event_date"), ("Inn/Ut", "direction"), ("Parti", "lot_id"),
                    ("Vare", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("site", "FJH-ORKANGER"),)),
                Export("mottak", "receipts", "mottak_{y}_K{q}.txt", "quarterly", (
                    ("Mottak", "receipt_id"), ("Dato", "receipt_date"), ("Leverandør", "sender"),
                    ("Lev. ref", "shipment_id"), ("Parti", "lot_id"), ("Vare", "material"),
                    ("Mengde", "quantity"), ("Enhet", "unit")), constants=(("receiver_site", "FJH-ORKANGER"),)),
                Export("salg", "shipments", "salg_{y}_K{q}.txt", "quarterly", (
                    ("Følgeseddel", "document_no"), ("Ordrenr", "shipment_id"), ("Dato", "ship_date"),
                    ("Kunde", "receiver"), ("Parti", "lot_id"), ("Vare", "material"), ("Mengde", "quantity"),
                    ("Enhet", "unit"), ("Km", "distance_km")), constants=(("sender_site", "FJH-ORKANGER"),)),
                Export("beholdning", "stock", "beholdning_{y}.txt", "yearly", (
                    ("Dato", "count_date"), ("Vare", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("site", "FJH-ORKANGER"),)),
            ),
            {"SAWN_TIMBER": "Skurlast", "PLANED_TIMBER": "Høvellast", "SHAVINGS": "Kutterflis",
             "TRIM_ENDS": "Kappbiter"},
            {"SAWN_TIMBER": "m3f", "PLANED_TIMBER": "m3f", "SHAVINGS": "lm3", "TRIM_ENDS": "t"},
            unit_names={"m3f": "m3", "lm3": "løs m3", "t": "tonn"}, direction_names=("Inn", "Ut"),
        ),
        Company(
            "fannrem-pellets", "Fannrem Pellets AS", org_number(93366120), "pellet_plant", "monthly", "FAP",
            (Site("FAP-FANNREM", "Fannrem Pellets", "pellet_plant", 63.2581, 9.8105),),
            Dialect("xlsx", date_format="excel_serial"),
            (
                Export("innkjop", "receipts", "innkjop_{y}-{m:02d}.xlsx", "monthly", (
                    ("Kvittering", "receipt_id"), ("Dato", "receipt_date"), ("Leverandør", "sender"),
                    ("Følgeseddel", "document_no"), ("Parti", "lot_id"), ("Råvare", "material"),
                    ("Netto vekt", "quantity"), ("Enhet", "unit"), ("Fukt %", "moisture_pct")),
                    constants=(("receiver_site", "FAP-FANNREM"),)),
                Export("salg", "shipments", "salg_{y}-Q{q}.xlsx", "quarterly", (
                    ("Ordre", "shipment_id"), ("Følgeseddel", "document_no"), ("Dato", "ship_date"),
                    ("Kunde", "receiver"), ("Parti", "lot_id"), ("Vare", "material"), ("Mengde", "quantity"),
                    ("Enhet", "unit"), ("Transport", "transport_mode")),
                    constants=(("sender_site", "FAP-FANNREM"),)),
                Export("produksjon", "production", "produksjon_{y}-Q{q}.xlsx", "quarterly", (
                    ("Batch", "batch_id"), ("Dato", "event_date"), ("Type", "direction"), ("Parti", "lot_id"),
                    ("Vare", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("site", "FAP-FANNREM"),), units=(("SAWDUST", "tDS"), ("SHAVINGS", "tDS"))),
                Export("lager", "stock", "lager_{y}.xlsx", "yearly", (
                    ("Dato", "count_date"), ("Vare", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("site", "FAP-FANNREM"),), units=(("SAWDUST", "tDS"), ("SHAVINGS", "tDS"))),
            ),
            {"SAWDUST": "Sagflis", "SHAVINGS": "Høvelflis", "PELLETS": "Pellets 8 mm", "PELLET_FINES": "Finstoff"},
            {"SAWDUST": "t", "SHAVINGS": "t", "PELLETS": "t", "PELLET_FINES": "t"},
            unit_names={"t": "tonn", "tDS": "tonn TS"}, direction_names=("Forbruk", "Produksjon"), mode_names=_NO,
        ),
        Company(
            "midtfjord-spon", "Midtfjord Sponplater AS", org_number(96640210), "board_mill", "quarterly", "MSP",
            (Site("MSP-MELHUS", "Midtfjord Sponplater Melhus", "board_mill", 63.2844, 10.2784),),
            Dialect("csv", ";", ",", " ", "utf-8", "dd.mm.yyyy"),
            (
                Export("mottak", "receipts", "mottak_{y}K{q}.csv", "quarterly", (
                    ("Mottaksnr", "receipt_id"), ("Dato", "receipt_date"), ("Leverandør", "sender"),
                    ("Leverandørens ref", "shipment_id"), ("Parti", "lot_id"), ("Leverandørparti", "sender_lot_id"),
                    ("Råstoff", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("receiver_site", "MSP-MELHUS"),)),
                Export("utsendelser", "shipments", "utsendelser_{y}K{q}.csv", "quarterly", (
                    ("Sendingsnr", "shipment_id"), ("Fraktbrev", "document_no"), ("Dato", "ship_date"),
                    ("Mottaker", "receiver"), ("Parti", "lot_id"), ("Vare", "material"), ("Mengde", "quantity"),
                    ("Enhet", "unit"), ("Transport", "transport_mode"), ("Km", "distance_km")),
                    constants=(("sender_site", "MSP-MELHUS"),)),
                Export("produksjon", "production", "produksjon_{y}K{q}.csv", "quarterly", (
                    ("Batch", "batch_id"), ("Tidspunkt", "event_date"), ("Retning", "direction"),
                    ("Parti", "lot_id"), ("Vare", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("site", "MSP-MELHUS"),), date_format="dd.mm.yyyy hh:mm"),
                Export("avfall", "treatments", "avfall_{y}K{q}.csv", "quarterly", (
                    ("Id", "treatment_id"), ("Dato", "treatment_date"), ("Mottaker", "receiver"),
                    ("Operasjon", "operation"), ("Parti", "lot_id"), ("Vare", "material"), ("Mengde", "quantity"),
                    ("Enhet", "unit")), constants=(("site", "MSP-MELHUS"),)),
                Export("lager", "stock", "lager_{y}.csv", "yearly", (
                    ("Dato", "count_date"), ("Vare", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("site", "MSP-MELHUS"),)),
            ),
            {"CHIPS": "Sagbruksflis", "SAWDUST": "Sagflis", "RECYCLED_WOOD": "Returtre", "PARTICLEBOARD": "Sponplate",
             "SANDING_DUST": "Slipestøv"},
            {"CHIPS": "lm3", "SAWDUST": "lm3", "RECYCLED_WOOD": "t", "PARTICLEBOARD": "t", "SANDING_DUST": "t"},
            unit_names={"lm3": "lm3", "t": "tonn"}, direction_names=("Inn", "Ut"), mode_names=_NO,
            operation_names={"R1": "R1"},
        ),
        Company(
            "thamsora-silisium", "Thamsøra Silisium AS", org_number(97712300), "smelter", "monthly", "TSI",
            (Site("TSI-THAMSHAVN", "Thamsøra Silisium Thamshavn", "smelter", 63.3150, 9.8610),),
            Dialect("xlsx", date_format="yyyy-mm-dd"),
            (
                Export("goods_receipts", "receipts", "GR_{y}{m:02d}.xlsx", "monthly", (
                    ("Receipt No", "receipt_id"), ("Posting Date", "receipt_date"), ("Vendor", "sender"),
                    ("Delivery Note", "document_no"), ("Batch", "lot_id"), ("Vendor Batch", "sender_lot_id"),
                    ("Material", "material"), ("Quantity", "quantity"), ("UoM", "unit"),
                    ("Moisture %", "moisture_pct")), constants=(("receiver_site", "TSI-THAMSHAVN"),)),
                Export("production_orders", "production", "PROD_{y}Q{q}.xlsx", "quarterly", (
                    ("Order", "batch_id"), ("Date", "event_date"), ("In/Out", "direction"), ("Batch", "lot_id"),
                    ("Material", "material"), ("Quantity", "quantity"), ("UoM", "unit"),
                    ("Moisture %", "moisture_pct")), constants=(("site", "TSI-THAMSHAVN"),)),
                Export("goods_issues", "shipments", "GI_{y}Q{q}.xlsx", "quarterly", (
                    ("Delivery", "shipment_id"), ("Delivery Note", "document_no"), ("Goods Issue Date", "ship_date"),
                    ("Ship-to", "receiver"), ("Batch", "lot_id"), ("Material", "material"), ("Quantity", "quantity"),
                    ("UoM", "unit"), ("Mode", "transport_mode"), ("Distance km", "distance_km")),
                    constants=(("sender_site", "TSI-THAMSHAVN"),)),
                Export("energy", "energy", "ENERGY_{y}.xlsx", "yearly", (
                    ("From", "period_start"), ("To", "period_end"), ("Measure", "measure"), ("Receiver", "receiver"),
                    ("Material", "material"), ("Quantity", "quantity"), ("UoM", "unit")),
                    constants=(("site", "TSI-THAMSHAVN"),)),
                Export("waste", "treatments", "WASTE_{y}.xlsx", "yearly", (
                    ("Record", "treatment_id"), ("Date", "treatment_date"), ("Receiver", "receiver"),
                    ("Operation", "operation"), ("Batch", "lot_id"), ("Material", "material"),
                    ("Quantity", "quantity"), ("UoM", "unit"), ("Declaration", "document_no")),
                    constants=(("site", "TSI-THAMSHAVN"),)),
                Export("stock", "stock", "STOCK_{y}.xlsx", "yearly", (
                    ("Count Date", "count_date"), ("Material", "material"), ("Quantity", "quantity"), ("UoM", "unit"),
                    ("Moisture %", "moisture_pct")), constants=(("site", "TSI-THAMSHAVN"),)),
            ),
            {"CHIPS": "WOODCHIPS-SAW", "QUARTZ": "QUARTZ-LUMP", "COAL": "COAL-RED", "SILICON": "SI-METAL-98",
             "MICROSILICA": "MICROSILICA-940", "SLAG": "SLAG-SI", "SURPLUS_HEAT": "HEAT-SURPLUS"},
            {"CHIPS": "t", "QUARTZ": "t", "COAL": "t", "SILICON": "t", "MICROSILICA": "t", "SLAG": "t",
             "SURPLUS_HEAT": "MWh"},
            unit_names={"t": "TO", "MWh": "MWH"}, direction_names=("IN", "OUT"),
            mode_names={"truck": "TRUCK", "ship": "VESSEL", "pipe": "PIPE"},
            measure_names={"recoverable": "RECOVERABLE", "delivered": "DELIVERED"},
            party_style="company",
        ),
        Company(
            "ringvold-gjenvinning", "Ringvold Gjenvinning AS", org_number(98877010), "recycler", "quarterly", "RGV",
            (Site("RGV-HEIMDAL", "Ringvold Gjenvinning Heimdal", "recycler", 63.3500, 10.3560),),
            Dialect("csv", ",", ".", "", "utf-8", "dd/mm/yyyy"),
            (
                Export("inn", "receipts", "inn_{y}-Q{q}.csv", "quarterly", (
                    ("veiesedel", "receipt_id"), ("dato", "receipt_date"), ("kunde", "sender"),
                    ("ref", "document_no"), ("fraksjon", "material"), ("netto", "quantity"), ("enhet", "unit")),
                    constants=(("receiver_site", "RGV-HEIMDAL"),)),
                Export("ut", "shipments", "ut_{y}-Q{q}.csv", "quarterly", (
                    ("lass", "shipment_id"), ("veiesedel", "document_no"), ("dato", "ship_date"),
                    ("mottaker", "receiver"), ("parti", "lot_id"), ("fraksjon", "material"), ("netto", "quantity"),
                    ("enhet", "unit"), ("km", "distance_km")), constants=(("sender_site", "RGV-HEIMDAL"),)),
                Export("sortering", "production", "sortering_{y}-Q{q}.csv", "quarterly", (
                    ("jobb", "batch_id"), ("dato", "event_date"), ("retning", "direction"), ("parti", "lot_id"),
                    ("fraksjon", "material"), ("netto", "quantity"), ("enhet", "unit")),
                    constants=(("site", "RGV-HEIMDAL"),)),
                Export("restavfall", "treatments", "restavfall_{y}-Q{q}.csv", "quarterly", (
                    ("id", "treatment_id"), ("dato", "treatment_date"), ("mottaker", "receiver"),
                    ("kode", "operation"), ("fraksjon", "material"), ("netto", "quantity"), ("enhet", "unit"),
                    ("deklarasjon", "document_no")), constants=(("site", "RGV-HEIMDAL"),)),
                Export("lager", "stock", "lager_{y}.csv", "yearly", (
                    ("dato", "count_date"), ("fraksjon", "material"), ("netto", "quantity"), ("enhet", "unit")),
                    constants=(("site", "RGV-HEIMDAL"),)),
            ),
            {"WASTE_WOOD": "trevirke usortert", "RECYCLED_WOOD": "flist returtre"},
            {"WASTE_WOOD": "kg", "RECYCLED_WOOD": "t"},
            direction_names=("inn", "ut"),
        ),
        Company(
            "orkfjord-fjernvarme", "Orkfjord Fjernvarme AS", org_number(91565430), "district_heating", "monthly",
            "OFV",
            (Site("OFV-ORKANGER", "Orkfjord Fjernvarme Orkanger", "district_heating", 63.3040, 9.8530),),
            semi,
            (
                Export("brenselmottak", "receipts", "brenselmottak_{y}_{m:02d}.csv", "monthly", (
                    ("Mottaksnr", "receipt_id"), ("Dato", "receipt_date"), ("Leverandør", "sender"),
                    ("Følgeseddel", "document_no"), ("Brensel", "material"), ("Mengde", "quantity"),
                    ("Enhet", "unit"), ("Fukt%", "moisture_pct")), constants=(("receiver_site", "OFV-ORKANGER"),)),
                Export("energi", "energy", "energi_{y}.csv", "yearly", (
                    ("Fra", "period_start"), ("Til", "period_end"), ("Måling", "measure"), ("Produkt", "material"),
                    ("Mengde", "quantity"), ("Enhet", "unit")), constants=(("site", "OFV-ORKANGER"),)),
                Export("drift", "production", "drift_{y}.csv", "yearly", (
                    ("Periode", "batch_id"), ("Dato", "event_date"), ("Retning", "direction"),
                    ("Produkt", "material"), ("Mengde", "quantity"), ("Enhet", "unit"), ("Fukt%", "moisture_pct")),
                    constants=(("site", "OFV-ORKANGER"),)),
                Export("aske", "treatments", "aske_{y}.csv", "yearly", (
                    ("Nr", "treatment_id"), ("Dato", "treatment_date"), ("Mottaker", "receiver"),
                    ("Behandling", "operation"), ("Produkt", "material"), ("Mengde", "quantity"), ("Enhet", "unit"),
                    ("Deklarasjon", "document_no")), constants=(("site", "OFV-ORKANGER"),)),
                Export("lager", "stock", "lager_{y}.csv", "yearly", (
                    ("Dato", "count_date"), ("Produkt", "material"), ("Mengde", "quantity"), ("Enhet", "unit")),
                    constants=(("site", "OFV-ORKANGER"),),
                    units=(("BARK", "lm3"), ("FOREST_CHIPS", "lm3"), ("RECYCLED_WOOD", "lm3"))),
            ),
            {"BARK": "Bark", "TRIM_ENDS": "Kappflis", "RECYCLED_WOOD": "Returflis", "FOREST_CHIPS": "Skogsflis",
             "PELLET_FINES": "Pelletsstøv", "WOOD_ASH": "Bunnaske/flyveaske", "SURPLUS_HEAT": "Spillvarme",
             "DISTRICT_HEAT": "Fjernvarme"},
            {"BARK": "MWh", "TRIM_ENDS": "MWh", "RECYCLED_WOOD": "MWh", "FOREST_CHIPS": "MWh",
             "PELLET_FINES": "MWh", "WOOD_ASH": "t", "SURPLUS_HEAT": "MWh", "DISTRICT_HEAT": "MWh"},
            unit_names={"t": "tonn", "lm3": "lm3", "MWh": "MWh"}, direction_names=("Inn", "Ut"),
            measure_names={"produced": "Produsert"},
            operation_names={"D1": "Deponi", "R5": "Gjenvinning (R5)"},
        ),
        Company(
            "fjordkaia", "Fjordkaia Logistikk AS", org_number(92233450), "port", "monthly", "FJK",
            (Site("FJK-ORKANGER", "Fjordkaia Orkanger havn", "port", 63.3090, 9.8440),),
            Dialect("csv", "\t", ".", "", "utf-8", "yyyy-mm-dd"),
            (
                Export("arrivals", "receipts", "arrivals_{y}{m:02d}.tsv", "monthly", (
                    ("arrival_id", "receipt_id"), ("date", "receipt_date"), ("from", "sender"),
                    ("shipment_ref", "shipment_id"), ("doc", "document_no"), ("lot", "lot_id"),
                    ("cargo", "material"), ("qty", "quantity"), ("uom", "unit")),
                    constants=(("receiver_site", "FJK-ORKANGER"),)),
                Export("departures", "shipments", "departures_{y}{m:02d}.tsv", "monthly", (
                    ("departure_id", "shipment_id"), ("bill_of_lading", "document_no"), ("date", "ship_date"),
                    ("to", "receiver"), ("lot", "lot_id"), ("cargo", "material"), ("qty", "quantity"),
                    ("uom", "unit"), ("mode", "transport_mode"), ("km", "distance_km")),
                    constants=(("sender_site", "FJK-ORKANGER"),)),
                Export("stock", "stock", "stock_{y}.tsv", "yearly", (
                    ("date", "count_date"), ("cargo", "material"), ("qty", "quantity"), ("uom", "unit")),
                    constants=(("site", "FJK-ORKANGER"),)),
            ),
            {"SAWN_TIMBER": "sawn timber", "PLANED_TIMBER": "planed timber", "PELLETS": "wood pellets",
             "MICROSILICA": "microsilica", "SILICON": "silicon metal", "PULPWOOD": "pulpwood",
             "QUARTZ": "quartz", "COAL": "coal", "PARTICLEBOARD": "particleboard"},
            {"SAWN_TIMBER": "m3f", "PLANED_TIMBER": "m3f", "PELLETS": "t", "MICROSILICA": "t", "SILICON": "t",
             "PULPWOOD": "m3fub", "QUARTZ": "t", "COAL": "t", "PARTICLEBOARD": "t"},
            unit_names={"m3f": "m3", "t": "mt"}, party_style="id",
        ),
    ]


def _suffix(company: Company, replica: int) -> Company:
    """A clone of a company for replica `replica`: ids, names, org number and place shifted."""
    if replica == 1:
        return company
    tag = f"R{replica:02d}"

    def sid(s: str) -> str:
        return f"{s}-{tag}"

    sites = tuple(
        Site(sid(s.id), f"{s.name} {tag}", s.role, round(s.lat + 0.001 * (replica % 50), 4), s.lon)
        for s in company.sites
    )
    exports = tuple(
        replace(e, constants=tuple(
            (k, sid(v) if k in ("site", "sender_site", "receiver_site") else v) for k, v in e.constants))
        for e in company.exports
    )
    body = int(company.org_number[:8]) + 7919 * replica
    return company.renamed(
        id=f"{company.id}-{tag.lower()}", name=f"{company.name} ({tag})", org_number=org_number(body % 10**8),
        short=f"{company.short}{replica}", sites=sites, exports=exports,
    )


def cluster(replica: int = 1) -> list[Company]:
    """The companies of one replica of the cluster."""
    return [_suffix(c, replica) for c in _base()]


def site_index(companies: list[Company]) -> dict[str, tuple[Company, object]]:
    """Site id -> (company, site)."""
    return {s.id: (c, s) for c in companies for s in c.sites}


def road_km(a: object, b: object) -> float:
    """Road distance between two sites: great-circle distance x 1.3 detour factor, at least 1 km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return max(1.0, round(2 * 6371 * math.asin(math.sqrt(h)) * 1.3, 1))
