"""Drugs and regimens of the lines of therapy that CAR-T labels and trials ask about.

Labels and trials require prior exposure by *class* ("including a proteasome inhibitor and an
immunomodulatory agent", "after a BTK inhibitor"), while people record a line by its regimen
("VRd", "R-CHOP") or its drugs. This vocabulary resolves both to drugs and classes. A line
whose drugs cannot be resolved stays *unknown*: a class requirement is then undecided, never
failed (screening must not take an option away for a regimen it does not know).

Sources: the regimen acronyms as the NCCN guidelines and the drugs' labels spell them out
(B-cell lymphomas v.2.2025, multiple myeloma v.1.2026, CLL/SLL v.1.2026); the class of each drug
is its mechanism as its label states it. Every entry is a definition, not a clinical judgement.
"""

from __future__ import annotations

import re

#: The classes screening asks about (the profile's ``drug_classes`` take these values).
CLASSES = (
    "anti-CD20",
    "anthracycline",
    "alkylator",
    "antimetabolite",
    "platinum",
    "vinca alkaloid",
    "glucocorticoid",
    "PI",
    "IMiD",
    "anti-CD38",
    "BTKi",
    "BCL2i",
    "PI3Ki",
    "EZH2i",
    "bispecific",
    "ADC",
    "checkpoint",
    "CAR-T",
    "immunosuppressant",
    "anti-BAFF",
    "HER2",
    "other",
)

#: Drug (lower case, generic name) → its classes.
DRUGS: dict[str, tuple[str, ...]] = {
    # anti-CD20 antibodies
    "rituximab": ("anti-CD20",),
    "obinutuzumab": ("anti-CD20",),
    "ofatumumab": ("anti-CD20",),
    # chemotherapy
    "doxorubicin": ("anthracycline",),
    "epirubicin": ("anthracycline",),
    "daunorubicin": ("anthracycline",),
    "idarubicin": ("anthracycline",),
    "mitoxantrone": ("anthracycline",),
    "cyclophosphamide": ("alkylator",),
    "ifosfamide": ("alkylator",),
    "bendamustine": ("alkylator",),
    "melphalan": ("alkylator",),
    "chlorambucil": ("alkylator",),
    "carmustine": ("alkylator",),
    "busulfan": ("alkylator",),
    "thiotepa": ("alkylator",),
    "cytarabine": ("antimetabolite",),
    "gemcitabine": ("antimetabolite",),
    "methotrexate": ("antimetabolite",),
    "fludarabine": ("antimetabolite",),
    "mercaptopurine": ("antimetabolite",),
    "nelarabine": ("antimetabolite",),
    "capecitabine": ("antimetabolite",),
    "fluorouracil": ("antimetabolite",),
    "cisplatin": ("platinum",),
    "carboplatin": ("platinum",),
    "oxaliplatin": ("platinum",),
    "vincristine": ("vinca alkaloid",),
    "vinblastine": ("vinca alkaloid",),
    "etoposide": ("other",),
    "asparaginase": ("other",),
    "pegaspargase": ("other",),
    "paclitaxel": ("other",),
    "docetaxel": ("other",),
    "irinotecan": ("other",),
    "prednisone": ("glucocorticoid",),
    "prednisolone": ("glucocorticoid",),
    "methylprednisolone": ("glucocorticoid",),
    "dexamethasone": ("glucocorticoid",),
    # myeloma
    "bortezomib": ("PI",),
    "carfilzomib": ("PI",),
    "ixazomib": ("PI",),
    "lenalidomide": ("IMiD",),
    "pomalidomide": ("IMiD",),
    "thalidomide": ("IMiD",),
    "daratumumab": ("anti-CD38",),
    "isatuximab": ("anti-CD38",),
    "elotuzumab": ("other",),
    "selinexor": ("other",),
    "teclistamab": ("bispecific",),
    "elranatamab": ("bispecific",),
    "talquetamab": ("bispecific",),
    "belantamab mafodotin": ("ADC",),
    # B-cell lymphoma and CLL
    "ibrutinib": ("BTKi",),
    "acalabrutinib": ("BTKi",),
    "zanubrutinib": ("BTKi",),
    "orelabrutinib": ("BTKi",),
    "pirtobrutinib": ("BTKi",),
    "venetoclax": ("BCL2i",),
    "idelalisib": ("PI3Ki",),
    "duvelisib": ("PI3Ki",),
    "tazemetostat": ("EZH2i",),
    "polatuzumab vedotin": ("ADC",),
    "brentuximab vedotin": ("ADC",),
    "loncastuximab tesirine": ("ADC",),
    "inotuzumab ozogamicin": ("ADC",),
    "blinatumomab": ("bispecific",),
    "glofitamab": ("bispecific",),
    "epcoritamab": ("bispecific",),
    "mosunetuzumab": ("bispecific",),
    "tafasitamab": ("other",),
    "nivolumab": ("checkpoint",),
    "pembrolizumab": ("checkpoint",),
    "sintilimab": ("checkpoint",),
    "tislelizumab": ("checkpoint",),
    "camrelizumab": ("checkpoint",),
    # solid tumours
    "trastuzumab": ("HER2",),
    "trastuzumab deruxtecan": ("HER2", "ADC"),
    "ramucirumab": ("other",),
    "zolbetuximab": ("other",),
    # autoimmune disease
    "mycophenolate mofetil": ("immunosuppressant",),
    "mycophenolate": ("immunosuppressant",),
    "azathioprine": ("immunosuppressant",),
    "tacrolimus": ("immunosuppressant",),
    "voclosporin": ("immunosuppressant",),
    "hydroxychloroquine": ("other",),
    "belimumab": ("anti-BAFF",),
    "telitacicept": ("anti-BAFF",),
    "anifrolumab": ("other",),
    # CAR-T products given before
    "axicabtagene ciloleucel": ("CAR-T",),
    "relmacabtagene autoleucel": ("CAR-T",),
    "tisagenlecleucel": ("CAR-T",),
    "lisocabtagene maraleucel": ("CAR-T",),
    "equecabtagene autoleucel": ("CAR-T",),
    "zevorcabtagene autoleucel": ("CAR-T",),
    "ciltacabtagene autoleucel": ("CAR-T",),
    "idecabtagene vicleucel": ("CAR-T",),
    "inaticabtagene autoleucel": ("CAR-T",),
}

#: Names people give a class → the class screening uses (a class not listed here and not in
#: :data:`CLASSES` is refused by the profile, with the list of classes).
CLASS_ALIASES = {
    "proteasome inhibitor": "PI",
    "immunomodulatory drug": "IMiD",
    "immunomodulatory agent": "IMiD",
    "immunomodulatory imide drug": "IMiD",
    "btk inhibitor": "BTKi",
    "bcl-2 inhibitor": "BCL2i",
    "bcl2 inhibitor": "BCL2i",
    "pi3k inhibitor": "PI3Ki",
    "anti-pd-1": "checkpoint",
    "anti-pd-l1": "checkpoint",
    "checkpoint inhibitor": "checkpoint",
    "anti-her2": "HER2",
    "anti-her2 adc": "ADC",
    "bispecific antibody": "bispecific",
    "antibody-drug conjugate": "ADC",
    "car t": "CAR-T",
    "bcma car-t": "CAR-T",
    "cd19 car-t": "CAR-T",
    "purine analogue": "antimetabolite",
    "fluoropyrimidine": "antimetabolite",
    "antimetabolite immunosuppressant": "immunosuppressant",
    "calcineurin inhibitor": "immunosuppressant",
    "topoisomerase inhibitor": "other",
    "taxane": "other",
    "asparaginase": "other",
    "anti-vegfr2": "other",
    "corticosteroid": "glucocorticoid",
    "steroid": "glucocorticoid",
}


def drug_class(name: str) -> str | None:
    """The class screening uses for a class as written, or None if unknown."""
    if name in CLASSES:
        return name
    return CLASS_ALIASES.get(name.strip().lower())


#: Names people write for a drug → its generic name.
_ALIASES = {
    "adriamycin": "doxorubicin",
    "revlimid": "lenalidomide",
    "velcade": "bortezomib",
    "kyprolis": "carfilzomib",
    "darzalex": "daratumumab",
    "imbruvica": "ibrutinib",
    "brukinsa": "zanubrutinib",
    "venclexta": "venetoclax",
    "mmf": "mycophenolate mofetil",
    "cellcept": "mycophenolate mofetil",
    "benlysta": "belimumab",
    "polatuzumab": "polatuzumab vedotin",
    "pola": "polatuzumab vedotin",
    "brentuximab": "brentuximab vedotin",
    "ara-c": "cytarabine",
    "mtx": "methotrexate",
    "dex": "dexamethasone",
    "pred": "prednisone",
}

_R_EPOCH = (
    "rituximab",
    "etoposide",
    "prednisone",
    "vincristine",
    "cyclophosphamide",
    "doxorubicin",
)
_HYPER_CVAD = (
    "cyclophosphamide",
    "vincristine",
    "doxorubicin",
    "dexamethasone",
    "methotrexate",
    "cytarabine",
)

#: Regimen (as people write it, lower case, without spaces) → its drugs.
REGIMENS: dict[str, tuple[str, ...]] = {
    "r-chop": ("rituximab", "cyclophosphamide", "doxorubicin", "vincristine", "prednisone"),
    "chop": ("cyclophosphamide", "doxorubicin", "vincristine", "prednisone"),
    "r-cvp": ("rituximab", "cyclophosphamide", "vincristine", "prednisone"),
    "r-epoch": _R_EPOCH,
    "da-epoch-r": _R_EPOCH,
    "pola-r-chp": (
        "polatuzumab vedotin",
        "rituximab",
        "cyclophosphamide",
        "doxorubicin",
        "prednisone",
    ),
    "r-ice": ("rituximab", "ifosfamide", "carboplatin", "etoposide"),
    "r-dhap": ("rituximab", "dexamethasone", "cytarabine", "cisplatin"),
    "r-dhax": ("rituximab", "dexamethasone", "cytarabine", "oxaliplatin"),
    "r-gdp": ("rituximab", "gemcitabine", "dexamethasone", "cisplatin"),
    "r-gemox": ("rituximab", "gemcitabine", "oxaliplatin"),
    "r-eshap": ("rituximab", "etoposide", "methylprednisolone", "cytarabine", "cisplatin"),
    "beam": ("carmustine", "etoposide", "cytarabine", "melphalan"),
    "br": ("bendamustine", "rituximab"),
    "bendamustine-rituximab": ("bendamustine", "rituximab"),
    "pola-br": ("polatuzumab vedotin", "bendamustine", "rituximab"),
    "r2": ("lenalidomide", "rituximab"),
    "fcr": ("fludarabine", "cyclophosphamide", "rituximab"),
    "vr": ("venetoclax", "rituximab"),
    "ven-r": ("venetoclax", "rituximab"),
    "ven-o": ("venetoclax", "obinutuzumab"),
    "r-matrix": ("rituximab", "methotrexate", "cytarabine", "thiotepa"),
    "matrix": ("methotrexate", "cytarabine", "thiotepa", "rituximab"),
    "r-ma": ("rituximab", "methotrexate", "cytarabine"),
    "r-hyper-cvad": ("rituximab", *_HYPER_CVAD),
    "hyper-cvad": _HYPER_CVAD,
    # multiple myeloma
    "vrd": ("bortezomib", "lenalidomide", "dexamethasone"),
    "rvd": ("bortezomib", "lenalidomide", "dexamethasone"),
    "vtd": ("bortezomib", "thalidomide", "dexamethasone"),
    "vcd": ("bortezomib", "cyclophosphamide", "dexamethasone"),
    "cybord": ("cyclophosphamide", "bortezomib", "dexamethasone"),
    "vd": ("bortezomib", "dexamethasone"),
    "krd": ("carfilzomib", "lenalidomide", "dexamethasone"),
    "kd": ("carfilzomib", "dexamethasone"),
    "dkd": ("daratumumab", "carfilzomib", "dexamethasone"),
    "dvd": ("daratumumab", "bortezomib", "dexamethasone"),
    "drd": ("daratumumab", "lenalidomide", "dexamethasone"),
    "dvrd": ("daratumumab", "bortezomib", "lenalidomide", "dexamethasone"),
    "d-vrd": ("daratumumab", "bortezomib", "lenalidomide", "dexamethasone"),
    "dpd": ("daratumumab", "pomalidomide", "dexamethasone"),
    "pvd": ("pomalidomide", "bortezomib", "dexamethasone"),
    "pd": ("pomalidomide", "dexamethasone"),
    "rd": ("lenalidomide", "dexamethasone"),
    "isa-pd": ("isatuximab", "pomalidomide", "dexamethasone"),
    "isa-kd": ("isatuximab", "carfilzomib", "dexamethasone"),
    "epd": ("elotuzumab", "pomalidomide", "dexamethasone"),
    "xvd": ("selinexor", "bortezomib", "dexamethasone"),
    # acute lymphoblastic leukaemia (the drugs that define the backbone)
    "blinatumomab": ("blinatumomab",),
}


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name.strip().lower()).replace("–", "-").replace("+", "-")


_REGIMENS = {_key(k): v for k, v in REGIMENS.items()}


def drug(name: str) -> str | None:
    """The generic name for a drug as written, or None if cartnav does not know it."""
    n = name.strip().lower()
    n = _ALIASES.get(n, n)
    return n if n in DRUGS else None


def regimen_drugs(regimen: str) -> tuple[str, ...] | None:
    """The drugs of a regimen as written ("R-CHOP", "VRd", "pola-BR"), or None if unknown.

    A regimen that is a known drug name alone ("ibrutinib") is that drug; a "+"-joined list of
    known drugs and regimens ("R-CHOP + ibrutinib") is their union; anything else is unknown.
    """
    key = _key(regimen)
    if key in _REGIMENS:
        return _REGIMENS[key]
    single = drug(regimen)
    if single:
        return (single,)
    parts = [p for p in re.split(r"\s*(?:\+|/|,|\band\b|\bwith\b)\s*", regimen.lower()) if p]
    if len(parts) > 1:
        out: list[str] = []
        for part in parts:
            found = regimen_drugs(part)
            if found is None:
                return None
            out.extend(d for d in found if d not in out)
        return tuple(out)
    return None


def classes_of(drugs: tuple[str, ...]) -> set[str]:
    return {c for d in drugs for c in DRUGS.get(d, ())}
