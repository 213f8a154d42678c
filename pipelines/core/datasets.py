"""The canonical datasets: which fields each company export can fill, and how each field is read.

This is the contract between a company's `mapping.yaml` and the warehouse: a mapping may only map
columns to the fields listed here, and must map (or set as a constant) every required field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "number", "date", "site", "party", "material", "unit", "operation", "enum"]

#: Value-map kinds a mapping can translate: their names for codes -> our codes.
#: `site` serves both `site` fields (a cluster site) and `party` fields (a site or `external`).
VALUE_KINDS = ("site", "material", "unit", "operation", "direction", "measure", "transport_mode", "mass_source")

#: A party field (receiver, sender) that is not a cluster site is mapped to this marker; the
#: original name is kept in the `<field>_name` column.
EXTERNAL = "external"


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    required: bool
    doc: str
    choices: tuple[str, ...] = ()

    @property
    def value_kind(self) -> str | None:
        """Which value map translates this field, if any."""
        if self.kind in ("site", "party"):
            return "site"
        if self.kind in ("material", "unit", "operation"):
            return self.kind
        if self.kind == "enum":
            return self.name
        return None


@dataclass(frozen=True)
class Dataset:
    name: str
    table: str  # the canonical table it loads into
    doc: str
    fields: tuple[Field, ...]
    #: the date field that places a row in time (for periods and metadata time spans)
    time_field: str
    #: SQL file run on the staged rows before they are typed (e.g. to find repeated ids)
    prepare: str | None = None

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def _quantity_fields() -> tuple[Field, ...]:
    return (
        Field("material", "material", True, "material code (value map `material`)"),
        Field("quantity", "number", True, "quantity as reported, in `unit`"),
        Field("unit", "unit", True, "unit as reported (value map `unit`)"),
        Field("moisture_pct", "number", False, "moisture content, % wet basis; default from materials"),
    )


DIRECTIONS = ("input", "output")
MEASURES = ("delivered", "recoverable", "produced", "consumed")
TRANSPORT_MODES = ("truck", "rail", "ship", "conveyor", "pipe")
MASS_SOURCES = ("weighed", "derived")

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "production",
            "production_items",
            "Production batch items (EPCIS TransformationEvent): inputs consumed and outputs produced.",
            (
                Field("batch_id", "text", True, "the company's batch / production order id"),
                Field("site", "site", True, "site where the batch ran"),
                Field("event_date", "date", True, "date (and time) of the batch"),
                Field("direction", "enum", True, "input (consumed) or output (produced)", DIRECTIONS),
                Field("lot_id", "text", False, "lot consumed or produced"),
                *_quantity_fields(),
            ),
            "event_date",
        ),
        Dataset(
            "shipments",
            "shipments",
            "Shipments reported by the sender.",
            (
                Field("shipment_id", "text", True, "sender's shipment id, unique per sender"),
                Field("sender_site", "site", True, "sending site"),
                Field("receiver", "party", True, "receiving site, or an external party"),
                Field("lot_id", "text", False, "lot shipped"),
                *_quantity_fields(),
                Field("ship_date", "date", True, "date shipped"),
                Field("transport_mode", "enum", False, "truck, rail, ship, conveyor or pipe", TRANSPORT_MODES),
                Field("distance_km", "number", False, "transport distance, km"),
                Field("document_no", "text", False, "waybill / delivery note number"),
            ),
            "ship_date",
            prepare="staging/shipment_repeats",
        ),
        Dataset(
            "receipts",
            "receipts",
            "Receipts reported by the receiving company.",
            (
                Field("receipt_id", "text", True, "receiver's receipt id"),
                Field("receiver_site", "site", True, "receiving site"),
                Field("sender", "party", True, "sending site, or an external supplier"),
                Field("shipment_id", "text", False, "the sender's shipment id, when the receiver records it"),
                Field("document_no", "text", False, "waybill / delivery note number"),
                Field("lot_id", "text", False, "lot id given by the receiver"),
                Field("sender_lot_id", "text", False, "the sender's lot id, when it is relabelled"),
                *_quantity_fields(),
                Field("receipt_date", "date", True, "date received"),
            ),
            "receipt_date",
        ),
        Dataset(
            "stock",
            "stock_counts",
            "Stock counts per site, material and date.",
            (
                Field("site", "site", True, "site counted"),
                *_quantity_fields(),
                Field("count_date", "date", True, "date of the count"),
            ),
            "count_date",
        ),
        Dataset(
            "energy",
            "energy_flows",
            "Energy per period: surplus heat recoverable and delivered, heat produced or consumed.",
            (
                Field("site", "site", True, "site that delivers, recovers or produces"),
                Field("receiver", "party", False, "receiving site or party (for deliveries)"),
                Field("measure", "enum", True, "delivered, recoverable, produced or consumed", MEASURES),
                *_quantity_fields(),
                Field("period_start", "date", True, "first day of the period"),
                Field("period_end", "date", True, "last day of the period"),
            ),
            "period_start",
        ),
        Dataset(
            "treatments",
            "treatments",
            "Disposals and treatments of residues with their R/D operation code.",
            (
                Field("treatment_id", "text", False, "the company's id for the record"),
                Field("site", "site", True, "site the residue comes from"),
                Field("receiver", "party", False, "treatment plant (site or external party)"),
                Field("operation", "operation", True, "R/D operation code (value map `operation`)"),
                Field("lot_id", "text", False, "lot treated"),
                *_quantity_fields(),
                Field("treatment_date", "date", True, "date handed over for treatment"),
                Field("document_no", "text", False, "waste declaration / delivery note number"),
            ),
            "treatment_date",
        ),
        Dataset(
            "forwarding",
            "forwarded_loads",
            "Partial loads a forwarder carried from a harvest object to the landing (StanForD 2010 .fpr).",
            (
                Field("load_id", "text", True, "the forwarder's load key"),
                Field("partial_load_id", "text", True, "the partial load key (one delivery from one location)"),
                Field("site", "site", True, "harvest site (landing) the wood was forwarded to"),
                Field("unloading_date", "date", True, "date the load was unloaded at the landing"),
                Field("object_key", "text", True, "harvest object the wood came from (the key in the lot "
                                                  "ids H<object>-<sub-object>-<product> of its harvester files)"),
                Field("object_name", "text", False, "the object's name or user id"),
                Field("location_name", "text", False, "the location (stand) the wood was picked up at"),
                Field("delivery_name", "text", False, "the delivery (product and destination) it was loaded for"),
                *_quantity_fields(),
                Field("mass_t", "number", False, "mass in t: weighed, or derived from a configured density"),
                Field("mass_source", "enum", False, "weighed (the machine weighed it) or derived "
                                                    "(on-bark density x m3sob)", MASS_SOURCES),
            ),
            "unloading_date",
        ),
    )
}


#: canonical table per dataset
TABLES: dict[str, str] = {name: ds.table for name, ds in DATASETS.items()}
