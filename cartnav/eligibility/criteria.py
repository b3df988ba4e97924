"""Eligibility criteria: the structured kinds, and their extraction from a trial's free text.

Each :class:`Criterion` keeps the sentence it came from. A sentence no rule understands stays as
a ``text`` criterion, answered "unknown — needs review", never dropped. Sentences that make a
threshold conditional (a cohort, an arm, "for patients with …", "if …") are deliberately left as
text too: a cohort-specific threshold applied to everyone would be a wrong answer, and a wrong
"not eligible" costs a patient an option (precision before coverage).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from cartnav.eligibility import vocab


@dataclass(frozen=True)
class Criterion:
    kind: str
    inclusion: bool
    value: float | None = None
    unit: str = ""
    target: str = ""  # disease keys ("|"-joined), antigen, drug classes …
    sentence: str = ""
    source: str = ""
    #: the diseases ("|"-joined keys) a criterion is written for ("Inclusion criteria only for
    #: B-ALL:"); empty when it applies to everyone. It does not apply to other diseases.
    scope: str = ""
    #: the limit excludes its own value ("< 75 years", "creatinine ≥ 2.5 excluded" leaves
    #: "below 2.5"); inclusive otherwise, as the registry's own age fields are
    strict: bool = False

    @property
    def parsed(self) -> bool:
        return self.kind != "text"

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "inclusion": self.inclusion,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "sentence": self.sentence,
            "source": self.source,
            "parsed": self.parsed,
            "scope": self.scope,
            "strict": self.strict,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Criterion:
        value = d.get("value")
        return cls(
            str(d["kind"]),
            bool(d["inclusion"]),
            None if value is None else float(str(value)),
            str(d.get("unit") or ""),
            str(d.get("target") or ""),
            str(d.get("sentence") or ""),
            str(d.get("source") or ""),
            str(d.get("scope") or ""),
            bool(d.get("strict") or False),
        )


#: Every structured kind: (what it checks, what to collect when the patient's fact is unknown).
KINDS: dict[str, tuple[str, str]] = {
    "age_min": ("age at least", "date of birth"),
    "age_max": ("age at most", "date of birth"),
    "sex": ("sex", "sex"),
    "disease": ("diagnosis", "diagnosis with ICD-10 or ICD-O-3 code"),
    "antigen_positive": (
        "target antigen expressed",
        "antigen expression on tumour cells (flow cytometry or IHC)",
    ),
    "lines_min": (
        "prior lines of therapy at least",
        "treatment history: every prior line of therapy",
    ),
    "drug_classes": ("prior therapy included", "the drugs of each prior line of therapy"),
    "line_window": (
        "refractory to, or progressed within the window after the end of, the line",
        "each line's dates and best response, and the date of progression",
    ),
    "refractory_to": (
        "refractory to",
        "the drugs each line held and whether the disease progressed on them",
    ),
    "antigen_negative": (
        "target antigen not expressed",
        "antigen expression on tumour cells (IHC or FISH)",
    ),
    "subtype_excludes": ("not of the subtype", "the histological subtype or grade"),
    "subtype_requires": ("of the subtype", "the histological subtype or grade"),
    "relapsed_or_refractory": (
        "relapsed or refractory disease",
        "response to the last line (relapsed or refractory)",
    ),
    "ecog_max": ("ECOG performance status at most", "ECOG performance status"),
    "karnofsky_min": ("Karnofsky performance status at least", "Karnofsky performance status"),
    "prior_car_t": ("no prior CAR-T therapy", "whether any CAR-T therapy was given before"),
    "prior_car_t_received": (
        "a CAR-T or gene-modified cell therapy received before (a follow-up study; which "
        "product, a person checks)",
        "whether any CAR-T therapy was given before, and which product",
    ),
    "text_diseases": (
        "diagnosis among those the criteria text names",
        "diagnosis with ICD-10 or ICD-O-3 code",
    ),
    "allo_transplant": (
        "no allogeneic stem-cell transplant (within the window)",
        "stem-cell transplants with type and date",
    ),
    "cns": ("no CNS involvement", "whether the disease involves the central nervous system"),
    "cns_primary": (
        "not primary CNS lymphoma",
        "whether CNS disease is primary or secondary",
    ),
    "allowance": (
        "allowed (an exception the trial makes, not a requirement)",
        "nothing: the trial allows it",
    ),
    "creatinine_max": ("serum creatinine at most", "serum creatinine (recent)"),
    "crcl_min": ("creatinine clearance at least", "creatinine clearance or eGFR (recent)"),
    "bilirubin_max": ("total bilirubin at most", "total bilirubin (recent)"),
    "alt_max": ("ALT at most", "ALT with the laboratory's upper limit of normal"),
    "ast_max": ("AST at most", "AST with the laboratory's upper limit of normal"),
    "lvef_min": ("LVEF at least", "echocardiogram: left-ventricular ejection fraction"),
    "spo2_min": ("SpO2 at least", "oxygen saturation on room air"),
    "anc_min": ("ANC at least", "absolute neutrophil count (recent)"),
    "platelets_min": ("platelets at least", "platelet count (recent)"),
    "hemoglobin_min": ("haemoglobin at least", "haemoglobin (recent)"),
    "active_infection": ("no active infection", "whether there is an active infection"),
    "infection_uncontrolled": (
        "no uncontrolled infection (with an active one, a person judges whether it is controlled)",
        "whether there is an active infection, and whether it is controlled",
    ),
    "hiv": ("no HIV infection", "HIV test"),
    "hbv": ("no active hepatitis B (HBV DNA detectable)", "hepatitis B tests (HBsAg, HBV DNA)"),
    "hbsag": ("HBsAg negative", "hepatitis B surface antigen (HBsAg)"),
    "hbv_infection": (
        "no hepatitis B infection",
        "hepatitis B tests (HBsAg, anti-HBc, HBV DNA)",
    ),
    "hcv": ("no active hepatitis C", "hepatitis C tests (anti-HCV, HCV RNA)"),
    "pregnant": ("not pregnant or breast-feeding", "pregnancy test"),
    "life_expectancy_min": (
        "life expectancy at least (months)",
        "the physician's estimate of life expectancy",
    ),
    "enrolment": (
        "a formality confirmed at enrolment (consent, contraception, follow-up, the "
        "investigator's judgement)",
        "confirmation at enrolment",
    ),
    "gvhd": ("no active graft-versus-host disease", "whether graft-versus-host disease is active"),
    "gvhd_qualified": (
        "no graft-versus-host disease of the kind the trial names (with it, a person judges)",
        "whether graft-versus-host disease is active, its grade and treatment",
    ),
    "other_malignancy_active": (
        "no other active cancer",
        "other cancers: none, past (in remission) or active",
    ),
    "other_malignancy_history": (
        "no other cancer within the trial's window (a past one, a person dates)",
        "other cancers: none, past (in remission) or active, and when",
    ),
    "heart_disease": (
        "no significant heart disease of the kinds the trial names (with it, a person judges)",
        "heart history: heart failure class, infarction or angina, arrhythmia, cardiomyopathy",
    ),
    "neurological_disorder": (
        "no neurological disorder of the kinds the trial names (with it, a person judges)",
        "neurological history: seizures, stroke, dementia, paralysis",
    ),
    "autoimmune": (
        "no autoimmune disease of the kind the trial names (with it, a person judges)",
        "autoimmune disease and its treatment in the last 2 years",
    ),
    "cns_disease_any": (
        "no CNS disease of any kind (with CNS involvement or another disorder, a person judges)",
        "CNS involvement by the disease, and any neurological disorder",
    ),
    "heading": (
        "a heading: the items under it are the criteria",
        "nothing: the items under it decide",
    ),
    "text": ("criterion in the trial's own words", "review by a coordinator or physician"),
}

_NUM = r"(\d+(?:\.\d+)?)"
#: The comparison just before a figure: strict ("<", "more than", "below") or inclusive ("≤",
#: "at least", "no less than"). Longer phrases first, so "no less than" is not "less than".
_OPERATOR = re.compile(
    r"no less than|not less than|no more than|not more than|not exceeding|at least|at most|"
    r"greater than or equal to|less than or equal to|equal to or (?:greater|less|more) than|"
    r"[≥≤]|(?P<strict>[<>﹤﹥‹›]|greater than|more than|less than|fewer than|lower than|"
    r"higher than|shorter than|longer than|above|below|under|exceed(?:s|ing)?)"
)


def _strict(low: str, m: re.Match[str], group: int) -> bool:
    """Whether the comparison right before the figure in ``group`` excludes the figure."""
    window = low[max(m.start(), m.start(group) - 40) : m.start(group)]
    found = list(_OPERATOR.finditer(window))
    return bool(found and found[-1].group("strict"))


_GE = r"(?:≥|>=|>|at least|of at least|greater than or equal to|greater than|more than|no less than|above)"
_LE = r"(?:≤|<=|<|less than or equal to|less than|no more than|not exceeding|below|under)"
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_CONDITIONAL = re.compile(
    r"\b(cohort|arm [a-z0-9]|for patients with|for subjects with|if |unless|part [a-z0-9]\b|dose expansion|"
    r"judged|in the opinion of|at the discretion|at risk)|^:|\([A-Z/-]{2,8}\)\s*:",
    re.I,
)


def unescape(text: str) -> str:
    """Undo the registry's markdown escapes and normalise comparison signs."""
    text = re.sub(r"\\([<>*_\[\]()#+\-.!~=^])", r"\1", text)
    return (
        text.replace("=<", "≤")
        .replace("<=", "≤")
        .replace(">=", "≥")
        .replace("=>", "≥")
        .replace("≧", "≥")
        .replace("≦", "≤")
    )


#: A lead line whose items apply to some patients only, or are alternatives: "Inclusion criteria
#: only for B-ALL:", "Cohort A:", "Phase II only:", "meeting one of the following conditions:".
#: "Part A", "Phase 2", "Phase II" — not "participants" or "phased".
_PART = r"\b(?:part|phase)\s*(?:\d+|[a-h]|i{1,3}|iv|v)\b"
_SCOPING_LEAD = re.compile(
    r"\bonly\b|cohort|\barms?\b|" + _PART + r"|\bgroups?\s*(?:[a-h]|\d+)\b|\bstratum|"
    r"\bfor (?:patients|subjects|participants|those|children|adults)\b|"
    r"\bfor [a-z0-9/ -]{1,30}(?:patients|subjects|participants)\b|"
    r"one of the following|any of the following|either|at least one of|\bor\b[\s,:]*$|"
    r"\bdose (?:escalation|expansion)",
    re.I,
)
_COMMON_LEAD = re.compile(
    r"\bcommon\b|\ball (?:patients|subjects|participants)\b|\bgeneral\b", re.I
)
_OR_ITEM = re.compile(r"\bor\s*[,;:.]?\s*$", re.I)
_BULLET = re.compile(r"^(?:[*\-•]|\d+[.)]|[a-z][.)])\s*")


def _lines(text: str) -> list[tuple[int, str]]:
    """(indentation, text without its bullet) per non-empty line."""
    out = []
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)  # markup the registry leaves in, not text
    for raw in unescape(text).splitlines():
        line = raw.rstrip()
        if line.strip():
            out.append((len(line) - len(line.lstrip()), line.strip()))
    return out


def _lead_scope(body: str, inclusion: bool) -> str | None:
    """What a lead line (one ending in ":") does to the items under it: ``None`` nothing (a plain
    heading, "Adequate organ function:"), disease keys when the items are written for those
    diseases only ("Inclusion criteria only for B-ALL:"), ``""`` when they apply to some patients
    only or are alternatives ("Cohort A:", "meeting one of the following conditions:")."""
    if not body.rstrip().endswith((":", ":)")):
        return None
    # a long line holding several numbered items leads only with its last one
    body = re.split(r";\s+|(?<=[a-z\)])\.\s+|\s\d{1,2}[.)]\s", body)[-1]
    if _COMMON_LEAD.search(body):
        return None
    low = body.lower()
    if (
        not inclusion
        and re.search(r"(?:any|one) of the following", low)
        and not re.search(r"\bonly\b|cohort|\barms?\b|" + _PART, low)
    ):
        return None  # "Subjects who meet any of the following are excluded": each item excludes
    if not _SCOPING_LEAD.search(body):
        return _disease_prefix(body) or None  # "CLL:": what follows is for CLL
    if re.search(r"\bonly\b|\bfor\b", low) and not re.search(
        r"cohort|\barms?\b|" + _PART + r"|following|either|\bor\b\s*:", low
    ):
        keys = [k for k in vocab.diseases_in(body) if not vocab.is_other(k)]
        if keys:
            return "|".join(keys)
    return ""


def _disease_prefix(text: str) -> str:
    """The disease keys when a text begins by naming diseases and nothing else comes first
    ("CLL:", "Mantle cell lymphoma (MCL): patients with MCL must …", "Follicular lymphoma,
    previously identified as CD19+:"); else ""."""
    head, colon, _ = text.replace("：", ":").partition(":")
    if not colon or len(head) > 80:
        return ""
    words = vocab.residue(head).replace("/", " ").split()
    leading = []
    for w in words:
        if w == "#" or w not in _DIAGNOSIS_WORDS:
            leading.append(w)
    if not leading or leading[0] != "#":
        return ""
    keys = [k for k in vocab.diseases_in(head) if not vocab.is_other(k)]
    return "|".join(keys)


def _scoped_lines(lines: list[tuple[int, str]]) -> list[str | None]:
    """Per line, its scope: ``None`` for everyone, disease keys when written for those diseases
    only, ``""`` when it applies to some patients only or is one of several alternatives.

    Scope comes from nesting: the items indented under a scoping lead (and everything below them)
    are scoped until a line at the lead's indentation or less; an inner lead narrows to "some
    patients". A lead that names a disease ("CLL:") scopes to it; so does a line that begins by
    naming one ("Mantle cell lymphoma (MCL): patients with MCL must …"), for its own text. Where
    the registry's text has no indentation, a scoping lead's items run to the next lead or
    header, and since a flat list cannot say where they end for sure, they are "some patients"
    only. An item ending in "OR" and the item after it are alternatives. Main section headers end
    every scope.
    """
    scoped: list[str | None] = [None] * len(lines)
    stack: list[tuple[int, str]] = []  # (indentation, scope) of the open scoping leads
    flat: int | None = None  # indentation of a flat list's scoping lead, while its items run
    inclusion = True
    for i, (indent, line) in enumerate(lines):
        body = _BULLET.sub("", line)
        head = re.match(r"^(?:key\s+)?(inclusion|exclusion)\s+criteria\b", body, re.I)
        if head:
            inclusion = head.group(1).lower() == "inclusion"
            stack.clear()
            flat = None
            if re.match(r"^(?:key\s+)?(?:inclusion|exclusion)\s+criteria\s*:?\s*$", body, re.I):
                continue
        while stack and indent <= stack[-1][0]:
            stack.pop()
        is_lead = body.rstrip().endswith((":", ":)"))
        if flat is not None and (is_lead or indent < flat):
            flat = None
        if stack:
            scoped[i] = stack[-1][1] if all(sc for _, sc in stack) else ""
        if flat is not None:
            scoped[i] = ""
        if scoped[i] is None and not is_lead and (prefix := _disease_prefix(body)):
            scoped[i] = prefix
        lead = _lead_scope(body, inclusion)
        if lead is not None:
            nested = i + 1 < len(lines) and lines[i + 1][0] > indent
            if nested:
                stack.append((indent, lead))
            else:
                flat = indent
    # alternatives: an item ending in "OR" and the item after it ("HR first relapse; OR,")
    for i, (indent, line) in enumerate(lines):
        if not _OR_ITEM.search(line):
            continue
        scoped[i] = ""
        if i + 1 < len(lines) and lines[i + 1][0] == indent:
            scoped[i + 1] = ""
    return scoped


def sentences(text: str) -> Iterator[tuple[bool, str, str | None]]:
    """(inclusion?, sentence, scope) for each bullet or sentence, following the section headers;
    the scope as :func:`_scoped_lines` gives it."""
    inclusion = True
    lines = _lines(text)
    for (_indent, line), scoped in zip(lines, _scoped_lines(lines), strict=True):
        head = re.match(r"^(?:key\s+)?(inclusion|exclusion)\s+criteria\s*:?\s*", line, re.I)
        if head:
            inclusion = head.group(1).lower() == "inclusion"
            line = line[head.end() :].strip()  # a sentence on the header line is a criterion
            if not line:
                continue
        line = _BULLET.sub("", line).strip()
        parts = [p.strip(" .") for p in re.split(r";\s+|(?<=[a-z\)])\.\s+(?=[A-Z])", line)]
        if any(re.match(r"(?:or|and/or)\b", p, re.I) for p in parts[1:]):
            scoped = ""  # "creatinine ≤ 1.5 x ULN; or CrCl ≥ 60 mL/min": alternatives
        for part in parts:
            if len(part) >= 4:
                yield inclusion, part, scoped


def _f(x: str) -> float:
    return float(_WORDS.get(x.lower(), x) if not x.replace(".", "", 1).isdigit() else x)


def _count_unit(unit: str) -> tuple[float, str] | None:
    """Factor to 10^9/L for the count units trials write."""
    u = (
        unit.lower()
        .replace(" ", "")
        .replace("μ", "u")
        .replace("µ", "u")
        .replace("⁹", "9")
        .replace("³", "3")
    )
    if re.match(r"^[x×\*]10(\^|\*\*)?9/l|^[x×]10⁹/l|^×10\^9/l|^g/l$", u):
        return 1.0, "10*9/L"
    if re.match(r"^(/mm3|/mm\^3|/ul|cells/ul|cells/mm3|/mcl|cells/mm\^3|/cumm)", u):
        return 1e-3, "10*9/L"
    if re.match(r"^[x×\*]10(\^|\*\*)?3/ul|^[x×\*]10(\^)?3/mm3", u):
        return 1.0, "10*9/L"
    return None


_COUNT_UNIT = r"((?:[x×\*]\s*10\s*(?:\^|\*\*)?\s*[0-9⁹³]+\s*/\s*[a-zµμ]+\^?\d?)|(?:cells\s*/\s*[a-zµμ]+\^?\d?)|(?:/\s*[a-zµμ]+\^?\d?))"


def _transaminases(low: str, comparison: str, inclusion: bool) -> Iterator[Criterion]:
    """ALT and AST as multiples of the upper limit of normal; a sentence naming neither but
    "transaminases" limits both."""
    m = re.search(
        r"(\balt\b|\bast\b|transaminases?|aminotransferases?|sgpt|sgot)[^.;]{0,60}?"
        + comparison
        + r"\s*"
        + _NUM
        + r"\s*(?:×|x|times|-fold)?\s*(?:the\s*)?(?:uln|upper limit)",
        low,
    )
    if not m:
        return
    which = low[: m.end()]
    named = {
        kind
        for kind, pat in (
            ("alt_max", r"\balt\b|sgpt|alanine"),
            ("ast_max", r"\bast\b|sgot|aspartate"),
        )
        if re.search(pat, which)
    }
    generic = not named and re.search(r"transaminase|aminotransferase", which)
    for kind in ("alt_max", "ast_max"):
        if kind in named or generic:
            # as written in an inclusion; turned round in an exclusion ("> 5 x ULN" excluded
            # leaves "at most 5", "≥ 5" leaves "below 5")
            strict = _strict(low, m, 2)
            yield Criterion(
                kind,
                inclusion,
                float(m.group(2)),
                "xULN",
                strict=strict if inclusion else not strict,
            )


def _labs(s: str, inc: bool) -> Iterator[Criterion]:
    low = s.lower()
    if not inc:
        return
    m = re.search(
        r"(?:absolute neutrophil count|\banc\b|neutrophils?)[^.;]{0,40}?"
        + _GE
        + r"\s*"
        + _NUM
        + r"\s*"
        + _COUNT_UNIT,
        low,
    )
    if m and (cu := _count_unit(m.group(2))):
        yield Criterion(
            "anc_min", True, round(float(m.group(1)) * cu[0], 6), cu[1], strict=_strict(low, m, 1)
        )
    m = re.search(
        r"(?:platelets?|\bplt\b)[^.;]{0,40}?" + _GE + r"\s*" + _NUM + r"\s*" + _COUNT_UNIT, low
    )
    if m and (cu := _count_unit(m.group(2))):
        yield Criterion(
            "platelets_min",
            True,
            round(float(m.group(1)) * cu[0], 6),
            cu[1],
            strict=_strict(low, m, 1),
        )
    m = re.search(
        r"(?:ha?emoglobin|\bhb\b|\bhgb\b)[^.;]{0,30}?" + _GE + r"\s*" + _NUM + r"\s*(g/dl|g/l)", low
    )
    if m:
        v = float(m.group(1)) / (10 if m.group(2) == "g/l" else 1)
        yield Criterion("hemoglobin_min", True, v, "g/dL", strict=_strict(low, m, 1))
    m = re.search(
        r"(?:creatinine clearance|\bcrcl\b|\begfr\b|\bgfr\b)[^.;]{0,40}?"
        + _GE
        + r"\s*"
        + _NUM
        + r"\s*ml/min",
        low,
    )
    either = re.search(
        r"creatinine(?! clearance)[^;]{0,60}\bor\b[^;]{0,20}(?:clearance|crcl|ccr|gfr)", low
    )
    if either:
        pass  # "creatinine ≤ 1.5 x ULN or CrCl > 30": either will do, a person reads which
    elif m:
        yield Criterion("crcl_min", True, float(m.group(1)), "mL/min", strict=_strict(low, m, 1))
    elif m := re.search(
        r"creatinine[^.;]{0,30}?" + _LE + r"\s*" + _NUM + r"\s*(mg/dl|[uµμ]mol/l)", low
    ):
        v = float(m.group(1)) / (88.42 if "mol" in m.group(2) else 1)
        yield Criterion("creatinine_max", True, round(v, 4), "mg/dL", strict=_strict(low, m, 1))
    m = re.search(r"bilirubin[^.;]{0,40}?" + _LE + r"\s*" + _NUM + r"\s*(mg/dl|[uµμ]mol/l)", low)
    if m and not _LAB_SUBGROUP.search(low):
        v = float(m.group(1)) / (17.1 if "mol" in m.group(2) else 1)
        yield Criterion("bilirubin_max", True, round(v, 4), "mg/dL", strict=_strict(low, m, 1))
    if not _LAB_SUBGROUP.search(low):
        yield from _transaminases(low, _LE, True)
    m = re.search(r"(?:lvef|ejection fraction)[^.;]{0,30}?" + _GE + r"\s*" + _NUM + r"\s*%", low)
    if m:
        yield Criterion("lvef_min", True, float(m.group(1)), "%", strict=_strict(low, m, 1))
    m = re.search(
        r"(?:spo2|oxygen saturation|sao2|blood oxygen saturation|pulse oximetry)[^.;]{0,40}?"
        + _GE
        + r"\s*"
        + _NUM
        + r"\s*%",
        low,
    )
    if m:
        yield Criterion("spo2_min", True, float(m.group(1)), "%", strict=_strict(low, m, 1))


def _rules(s: str, inc: bool) -> Iterator[Criterion]:
    low = s.lower()
    if inc and (
        m := re.search(
            r"(?:ecog|eastern cooperative)[^.;]{0,60}?\b([0-4])\s*(?:-|–|~|to|or|,)\s*(?:[0-4]\s*(?:,|or)\s*)?([0-4])\b",
            low,
        )
    ):
        yield Criterion("ecog_max", True, float(max(int(m.group(1)), int(m.group(2)))))
    elif inc and (
        m := re.search(
            r"(?:ecog|eastern cooperative)[^.;]{0,50}?(?:≤|less than or equal to|no more than|of|score|status)\s*([0-4])\b",
            low,
        )
    ):
        yield Criterion("ecog_max", True, float(m.group(1)))
    if inc and (
        m := re.search(
            r"(?:karnofsky|\bkps\b|lansky)[^.;]{0,40}?(?:" + _GE + r"|of|score)\s*(\d{2,3})\s*%?",
            low,
        )
    ):
        yield Criterion("karnofsky_min", True, float(m.group(1)))
    if (
        inc
        and (
            m := re.search(
                r"(?:at least|≥|minimum of|a minimum of)\s*(\d|one|two|three|four|five)[\s-]*(?:\(\d\)\s*)?(?:prior\s*|previous\s*|different\s*|standard\s*|systemic\s*|lines? of\s*)*(?:lines?|regimens?|therap(?:y|ies)|treatments?)\b",
                low,
            )
        )
        and not re.search(r"\bor\s+(?:after|following|post)\b", low[m.end() :])
    ):
        # "... after at least two lines or after autologous HCT": the lines are one way in,
        # not a requirement.
        yield Criterion("lines_min", True, _f(m.group(1)))
    if inc:
        yield from _ages(low)
    if inc and re.search(
        r"negative (?:serum |urine |blood )?pregnancy test|negative for (?:serum |urine |blood )?pregnancy",
        low,
    ):
        yield Criterion("pregnant", False)  # "must have a negative pregnancy test": not pregnant
    if inc and (
        m := re.search(
            r"(?:life expectancy|expected survival(?: time)?|estimated survival)[^.;]{0,30}?(?:"
            + _GE
            + r"|of)\s*(\d+)\s*(weeks?|months?|years?)",
            low,
        )
    ):
        yield Criterion(
            "life_expectancy_min",
            True,
            _months(float(m.group(1)), m.group(2)),
            "months",
            strict=_strict(low, m, 1),
        )
    named = vocab.antigens_in(s) if inc else []
    if len(named) > 1 and re.search(r"\bor\b|and/or|/", low):
        named = []  # "CD19 and/or CD22 expression": either will do, a person reads which
    if inc:
        for antigen in named:
            if re.search(
                re.escape(antigen.lower()) + r"[\s-]*(?:(?:should|must|shall|is|are|to)\s+be\s+)?"
                r"(?:\+|positive|positivity|expression|expressing|-expressing)",
                low,
            ):
                yield Criterion("antigen_positive", True, target=antigen)
    if inc:
        yield from _diagnosis(s)
    if (
        inc
        and _RECEIVED_CAR_T.search(low)
        and not re.search(r"\bnot\b|n't|\bnever\b|\ballow|\bif\b|\bno\b", low)
    ):
        yield Criterion("prior_car_t_received", True)  # a follow-up study of those treated
    if inc and re.match(
        r"^(?:there is |there must be |with )?no (?:active |known )?(?:cns|central nervous system) "
        r"(?:involvement|disease|lymphoma|leukemia|leukaemia)$",
        low.strip(" ."),
    ):
        yield Criterion("cns", False)  # an exclusion written as an inclusion
    if not inc:
        yield from _exclusions(low)


#: Words a sentence that only states the diagnosis may hold besides the disease names.
_DIAGNOSIS_WORDS = frozenset(
    re.split(
        r"\s+",
        "confirmed diagnosis diagnosed with of histologically pathologically cytologically "
        "histopathologically histological pathological documented or and patients patient "
        "subjects subject participants including the a an relapsed refractory r rr recurrent "
        "who have has must be by",
    )
)


def _only_diseases(text: str) -> bool:
    """Whether a text names diseases and says nothing else ("CLL", "DLBCL, FL or MCL")."""
    rest = vocab.residue(text.replace("not otherwise specified", "")).replace("/", " ")
    words = [w for w in rest.split() if w != "#"]
    return "#" in rest and all(w in _DIAGNOSIS_WORDS for w in words)


def _diagnosis(sentence: str) -> Iterator[Criterion]:
    """A sentence that states nothing but the diagnosis ("Confirmed diagnosis of DLBCL, FL, or
    MCL", "Refractory or relapsed B cell-acute lymphoblastic leukemia") is read whole: the
    diseases it names (the narrowest, as for the registry's conditions) and, when it says so,
    relapsed or refractory disease. Anything else in it (a stage, an antigen, a line count)
    leaves the sentence to the other readers and to a person."""
    if sentence.rstrip().endswith(":") or not _only_diseases(sentence):
        return  # a heading ("CLL:") leads what is for that disease; it requires nothing
    words = vocab.residue(sentence).replace("/", " ").split()
    keys = [k for k in vocab.diseases_in(sentence) if not vocab.is_other(k)]
    if not keys:
        return
    yield Criterion("disease", True, target="|".join(keys))
    if {"relapsed", "refractory", "recurrent", "rr"} & set(words) or "r r" in " ".join(words):
        yield Criterion("relapsed_or_refractory", True)


#: "Patients must have received an AUTO CAR T cell therapy on a clinical treatment study",
#: "Patient dosed with UCART19 who completed … a study that tested UCART19".
_RECEIVED_CAR_T = re.compile(
    r"^(?:patients?|subjects?|participants?)\s+(?:must have (?:previously )?received|"
    r"(?:that|who) (?:have )?(?:received|been (?:dosed|treated|infused))|dosed with|treated with)"
    r"[^.;]{0,80}?(?:car[\s-]?t|ucart|\bauto\d|genetically modified|gene[\s-]?modified)"
)

_ALLOWANCE = re.compile(
    r"not an exclusion|is allowed|are allowed|is permitted|are permitted|may be eligible|can be enrolled|below the lower limit|undetectable"
)


_HBV = re.compile(
    r"hepatitis (?:type )?b\b|\bhbv\b|hbsag|hbs ?ag|hbcab|anti-?hbc|hepatitis b surface"
)
_VIRAEMIA = re.compile(
    r"hbv[\s-]*dna|dna[^.;]{0,20}(?:hbv|hepatitis b)|viral load|copies|iu/ml|replicat|active|"
    r"acute|viremi|viraemi|detectable|upper limit|lower limit|uln|lloq"
)
_ALLOWANCE_HBV = re.compile(
    _ALLOWANCE.pattern + r"|may be (?:enrolled|included|eligible)|can be (?:enrolled|included)|"
    r"eligible if|allowed if|permitted if|must (?:be on|receive)"
)
_SECONDARY_CNS_ALLOWED = re.compile(
    r"secondary (?:cns|central nervous system)[^.;]{0,80}?"
    r"(?:admitted|allowed|permitted|eligible|can be enrolled|may be enrolled|not (?:be )?(?:an |considered )?exclu)"
)


def _allowances(low: str) -> list[Criterion]:
    """The exceptions cartnav reads (their condition is the point, so they are read even though
    they say "if"): secondary CNS lymphoma admitted; HBV carriers admitted when the virus is
    suppressed — then only viraemia excludes."""
    if _SECONDARY_CNS_ALLOWED.search(low):
        return [Criterion("allowance", False)]
    if _HBV.search(low) and _ALLOWANCE_HBV.search(low) and _VIRAEMIA.search(low):
        return [Criterion("hbv", False)]
    if re.search(r"\bif\b[^.;]{0,30}(?:hbsag|hbs ?ag|hepatitis b surface)", low) and re.search(
        r"hbv[\s-]*dna|dna[^.;]{0,40}(?:detect|>|copies|iu)", low
    ):
        # "If HBsAg positive, HBV DNA > 1000": only a viral load excludes.
        return [Criterion("hbv", False)]
    return []


_GVHD = re.compile(r"graft[\s-]*(?:versus|vs\.?|-)[\s-]*host|\bgvhd\b")
_OTHER_CANCER = re.compile(
    r"(?:other|another|second|concurrent|additional|prior|previous)[^.;]{0,40}?"
    r"(?:malignan|cancer|carcinoma|tumou?r|neoplas)|(?:history of|concurrent|active)\s+(?:a\s+|any\s+)?malignan"
)
_HEART = re.compile(
    r"nyha|new york heart|heart failure|myocardial infarction|unstable angina|arrhythmi|"
    r"cardiomyopathy|coronary|angioplasty|\bstent|cardiac (?:disease|insufficiency|disorder)|"
    r"(?:severe|significant|serious|uncontrolled)[^.;]{0,30}(?:heart|cardiac|cardiovascular) disease"
)
_NEURO = re.compile(
    r"seizure|epilep|\bstroke|cerebrovascular|cerebral (?:ischemia|vascular|infarct)|dementia|"
    r"paralysis|aphasia|parkinson|(?:neurolog\w*|nervous system) (?:disease|disorder)"
)


def _history(low: str) -> Iterator[Criterion]:
    """Medical history excluded by name: graft-versus-host disease, another cancer, heart
    disease, a neurological disorder, autoimmune disease. A qualifier cartnav does not hold
    ("requiring systemic therapy", "within 6 months", "grade ≥ 2") leaves a patient who has
    the condition for a person; a patient without it meets the criterion either way."""
    if _GVHD.search(low):
        qualified = re.search(
            r"requir|grade|severe|systemic|moderate|extensive|uncontrolled|immunosuppress|"
            r"treatment|therapy|history|within|post|after",
            low,
        )
        yield Criterion("gvhd_qualified" if qualified else "gvhd", False)
    if _OTHER_CANCER.search(low) and not re.search(
        r"\bcns\b|central nervous|brain|metasta|lymphoma|leuk|myeloma|tumou?r (?:burden|lesion|cells)",
        low,
    ):
        active = re.search(
            r"\bactive\b|concurrent|current|requiring (?:treatment|therapy)|under treatment|ongoing",
            low,
        ) and not re.search(r"history|within|years?|remission|past|prior|previous", low)
        yield Criterion("other_malignancy_active" if active else "other_malignancy_history", False)
    if _HEART.search(low):
        yield Criterion("heart_disease", False)
    if _NEURO.search(low):
        yield Criterion("neurological_disorder", False)
    if re.search(r"autoimmun", low) and not re.search(r"hepatitis|hemolytic|haemolytic", low):
        yield Criterion("autoimmune", False)


def _exclusions(low: str) -> Iterator[Criterion]:
    allowed = _allowances(low)
    if allowed:
        yield from allowed
        return
    if _ALLOWANCE.search(low):
        return  # an exception to a rule, not a rule: a person reads it
    yield from _exclusion_limits(low)
    if re.search(
        r"car[\s-]?t|chimeric antigen receptor|\bcar\b[^.;]{0,20}(?:cell|therap)|gene therapy", low
    ) and re.search(r"prior|previous|received|history", low):
        yield Criterion("prior_car_t", False)
    if re.search(r"allogeneic|allo-?hsct|allo-?sct", low) and re.search(
        r"transplant|hsct|sct", low
    ):
        allo_at = re.search(r"allogeneic|allo-?hsct|allo-?sct", low)
        m = re.search(r"within\s*(\d+)\s*(days?|weeks?|months?|years?)", low)
        if m and allo_at and m.start() < allo_at.start():
            m = None  # the window belongs to something named before (e.g. an autologous transplant)
        months = None
        if m:
            n, unit = float(m.group(1)), m.group(2)
            months = round(
                n / 30.44
                if unit.startswith("day")
                else n / 4.345
                if unit.startswith("week")
                else n * 12
                if unit.startswith("year")
                else n,
                3,
            )
        yield Criterion("allo_transplant", False, months, "months" if months else "")
    if re.search(
        r"primary (?:cns|central nervous system)(?: lymphoma|\b)|"
        r"involving only the (?:cns|central nervous system)",
        low,
    ) and not re.search(
        r"secondary (?:cns|central nervous system)|(?:cns|central nervous system) (?:involvement|metasta|infiltrat)",
        low,
    ):
        yield Criterion("cns_primary", False)  # primary CNS lymphoma only
    elif (
        re.search(r"\bcns|central nervous system|\bbrain\b|intracranial|leptomening", low)
        and re.search(
            r"involve|lymphoma|leuk|metasta|infiltrat|invasion|lesion|tumou?r cells|cns[\s-]?[23]\b",
            low,
        )
        and not re.search(r"disorder|history of any|progressive on|parenchymal|symptomatic", low)
    ):
        yield Criterion("cns", False)
    elif re.search(
        r"(?:cns|central nervous system) (?:disease|disorder)s?\b", low
    ) and not re.search(r"lymphoma|leuk|metasta|unrelated|other than", low):
        # "History or clinical evidence of CNS disease": the cancer's CNS involvement, another
        # disorder of the nervous system, or both — a patient with neither meets it
        yield Criterion("cns_disease_any", False)
    yield from _history(low)
    infection = r"[^.;]{0,50}infect(?:ion|ious)"
    if re.search(r"(?:uncontrolled|not controlled|poorly controlled)" + infection, low):
        # only an uncontrolled infection excludes: one under control, a person judges
        yield Criterion("infection_uncontrolled", False)
    elif re.search(r"(?:active|ongoing)" + infection + "|syphilis", low):
        yield Criterion(
            "active_infection", False
        )  # "active and/or severe infection": any active one
    elif re.search(r"(?:severe|serious)" + infection, low):
        yield Criterion("infection_uncontrolled", False)  # how severe, a person judges
    if re.search(r"\bhiv\b|human immunodeficiency", low):
        yield Criterion("hiv", False)
    if _HBV.search(low):
        surface = re.search(r"hbsag|hbs ?ag|surface antigen", low)
        alternatives = re.search(r"\bor\b", low)
        if _VIRAEMIA.search(low) and not (surface and alternatives):
            yield Criterion("hbv", False)  # active disease or a viral load: viraemia excludes
        elif surface and not _VIRAEMIA.search(low):
            yield Criterion("hbsag", False)  # any HBsAg positivity excludes, DNA or not
        else:
            # "HBsAg or HBV DNA positive", "hepatitis B infection": whether a carrier with
            # undetectable DNA is excluded is for a person to read.
            yield Criterion("hbv_infection", False)
    if re.search(
        r"hepatitis (?:type )?c\b|\bhcv\b|hepatitis (?:type )?b(?:,| or| and|/)\s*c\b", low
    ):
        yield Criterion("hcv", False)
    if re.search(r"pregnan|breast[\s-]?feeding|lactating|nursing", low) and not re.search(
        r"plan(s|ning)? (for|to become) pregnan|partners?\b", low
    ):
        yield Criterion("pregnant", False)


#: Comparisons in an exclusion: any "above" or "below", strict or not ("> 2.5", "≥ 2.5").
_ANY_GT = r"(?:≥|>=|>|﹥|›|at least|greater than or equal to|greater than|more than|exceed(?:s|ing)?|above|higher than)"
_ANY_LT = r"(?:≤|<=|<|﹤|‹|less than or equal to|less than|lower than|shorter than|below|under)"


def _exclusion_limits(low: str) -> Iterator[Criterion]:
    """Thresholds written as exclusions ("serum creatinine > 2.5 mg/dL", "LVEF < 45%", "life
    expectancy < 12 weeks", "ECOG ≥ 3"), read as the limit they leave, its strictness turned
    round: "> 2.5" excluded leaves "at most 2.5", "≥ 2.5" excluded leaves "below 2.5". Each keeps
    the section it was written in (``inclusion`` False); a limit is judged the same either way.
    A limit for some patients only ("… except Gilbert's syndrome") is left for a person."""
    liver_subgroup = _LAB_SUBGROUP.search(low)
    m = re.search(
        r"creatinine(?! clearance)[^.;]{0,30}?"
        + _ANY_GT
        + r"\s*"
        + _NUM
        + r"\s*(mg/dl|[uµμ]mol/l)",
        low,
    )
    if m:
        v = float(m.group(1)) / (88.42 if "mol" in m.group(2) else 1)
        yield Criterion(
            "creatinine_max", False, round(v, 4), "mg/dL", strict=not _strict(low, m, 1)
        )
    m = re.search(
        r"(?:creatinine clearance|\bcrcl\b|\begfr\b|\bgfr\b)[^.;]{0,40}?"
        + _ANY_LT
        + r"\s*"
        + _NUM
        + r"\s*ml/min",
        low,
    )
    if m:
        yield Criterion(
            "crcl_min", False, float(m.group(1)), "mL/min", strict=not _strict(low, m, 1)
        )
    m = re.search(
        r"bilirubin[^.;]{0,30}?" + _ANY_GT + r"\s*" + _NUM + r"\s*(mg/dl|[uµμ]mol/l)", low
    )
    if m and not liver_subgroup:
        v = float(m.group(1)) / (17.1 if "mol" in m.group(2) else 1)
        yield Criterion("bilirubin_max", False, round(v, 4), "mg/dL", strict=not _strict(low, m, 1))
    if not liver_subgroup:
        yield from _transaminases(low, _ANY_GT, False)
    for kind, pattern in (
        ("lvef_min", r"(?:lvef|ejection fraction)"),
        ("spo2_min", r"(?:spo2|oxygen saturation|sao2|pulse oximetry)"),
    ):
        m = re.search(pattern + r"[^.;]{0,40}?" + _ANY_LT + r"\s*" + _NUM + r"\s*%", low)
        if m:
            yield Criterion(kind, False, float(m.group(1)), "%", strict=not _strict(low, m, 1))
    m = re.search(
        r"(?:life expectancy|expected survival(?: time)?|estimated survival)[^.;]{0,20}?(?:of\s*)?"
        + _ANY_LT
        + r"\s*(\d+)\s*(weeks?|months?|years?)",
        low,
    )
    if m:
        yield Criterion(
            "life_expectancy_min",
            False,
            _months(float(m.group(1)), m.group(2)),
            "months",
            strict=not _strict(low, m, 1),
        )
    m = re.search(
        r"(?:ecog|eastern cooperative)[^.;]{0,40}?(>(?!=)|≥|more than|greater than)\s*([0-5])\b",
        low,
    )
    if m and not re.search(r"\bor\b|\(", low[m.start() : m.end()]):
        worst_allowed = int(m.group(2)) - (1 if m.group(1) == "≥" else 0)
        if 0 <= worst_allowed <= 4:
            yield Criterion("ecog_max", False, float(worst_allowed))


#: A liver limit written for some patients only: Gilbert's syndrome, liver metastases or
#: involvement, "except …", "patients with(out) …" — read by a person.
_LAB_SUBGROUP = re.compile(
    r"gilbert|metasta|involvement|except|unless|patients? with(?:out)?|subjects? with(?:out)?|"
    r"participants? with(?:out)?"
)


def _months(n: float, unit: str) -> float:
    return round(
        n / 4.345 if unit.startswith("week") else n * 12 if unit.startswith("year") else n, 3
    )


def _ages(low: str) -> Iterator[Criterion]:
    """Age written in the text: ranges ("18-75 years", "aged 18 to 70 years"), read inclusive as
    the registry's own age fields are; bounds with their comparison ("≥ 18 years", "18 years or
    older", "aged ≥18 years and <75 years": below 75)."""
    years = r"\s*(?:years?|yrs?)(?:\s*(?:old|of age))?"
    if re.search(r"karnofsky|lansky|\bkps\b|ecog|performance|score|weigh", low):
        return  # "Karnofsky (age ≥ 10 years) or Lansky (age < 10 years)": which scale, not who
    m = re.match(
        r"^age\s*[:：]?\s*(\d{1,2})\s*(?:-|–|~|to)\s*(\d{1,3})\s*(?:years?)?$", low.strip()
    )
    if m and int(m.group(1)) < int(m.group(2)):  # "Age:18-80": the sentence is the age
        yield Criterion("age_min", True, float(m.group(1)), "years")
        yield Criterion("age_max", True, float(m.group(2)), "years")
        return
    m = re.search(
        r"(?:\bage[ds]?\b[^.;]{0,15}?|^)(?:between\s*)?(\d{1,2})\s*(?:-|–|~|to|and)\s*(\d{1,3})"
        + years,
        low,
    )
    if m and int(m.group(1)) < int(m.group(2)):
        yield Criterion("age_min", True, float(m.group(1)), "years")
        yield Criterion("age_max", True, float(m.group(2)), "years")
        return
    who = r"(?:\bage[ds]?\b|\bpatients?\b|\bsubjects?\b|\bparticipants?\b)"
    lower = re.search(
        who + r"[^.;<≤]{0,25}?(≥|>|at least|of at least|older than)\s*(\d{1,2})" + years, low
    )
    lower = lower or re.search(r"()(\d{1,2})" + years + r"\s*(?:or|and) (?:older|above|over)", low)
    upper = re.search(
        r"(?:\band\b|,|\bto\b)\s*(<|≤|less than|younger than|under|at most)\s*(\d{1,3})" + years,
        low,
    )
    if lower:
        yield Criterion(
            "age_min",
            True,
            float(lower.group(2)),
            "years",
            strict=lower.group(1) in (">", "older than"),
        )
        if upper and int(upper.group(2)) > int(lower.group(2)):
            yield Criterion(
                "age_max",
                True,
                float(upper.group(2)),
                "years",
                strict=upper.group(1) in ("<", "less than", "younger than", "under"),
            )
    elif re.search(r"(?:<|≤|less than|younger than|under)\s*\d{1,3}" + years, low):
        return  # an upper bound alone ("< 18 years at signing"): phases and cohorts use these


#: A formality, not a fact of the patient: consent, contraception, compliance and follow-up, an
#: ethics approval, or the investigator's open judgement ("other conditions the investigator
#: deems unsuitable"). A screening cannot decide these and a clinician signing a screen does not
#: wait for them: they are confirmed at enrolment, listed apart, and do not hold a verdict back.
_FORMALITY = re.compile(
    r"informed consent|\bicf\b|\bconsent\b|assent|power of attorney|\bcomply\b|complian|adhere|"
    r"willing|unwilling|\bagree|contracepti|birth control|sperm|ethics committee|follow[\s-]?up|"
    r"voluntar|volunteer|legal (?:guardian|representative)|investigators?\b|study team|"
    r"inappropriate|unsuitable|not (?:be )?(?:appropriate|suitable)|best interest"
)
_JUDGEMENT = re.compile(
    r"investigators?\b|study team|\bpi\b|judged?|judgment|judgement|opinion|deemed?|considered|"
    r"determined|believes?|thinks?|assessment"
)
_OPEN_ENDED = re.compile(
    r"\bother\b|\bany\b|unsuitable|inappropriate|not (?:be )?(?:appropriate|suitable|eligible)|"
    r"best interest|confound|interfere|unable|unwilling|comply|complian"
)
#: Named medical facts: a sentence that names one is a clinical criterion, whatever else it says.
_MEDICAL = re.compile(
    r"infect|hepatitis|\bhiv\b|syphilis|tubercul|cardiac|heart|arrhythm|angina|infarct|pulmonary|"
    r"\blung|effusion|marrow|renal|kidney|hepatic|liver|\bcns\b|brain|nervous|seizure|epilep|"
    r"transplant|hsct|gvhd|graft|chemo|steroid|vaccin|surgery|trauma|allerg|pregnan|lactat|"
    r"breast|bleed|hemorrh|haemorrh|toxicit|adverse|dementia|psychiatr|mental|autoimmun|malignan|"
    r"cancer|tumou?r|lymphoma|leuk|myeloma|ejection|oxygen|count|creatinine|bilirubin|"
    r"\bfunction|\bage\b|years|weigh|biopsy|tissue|blood|sample|\bcells?\b|drug|medication|"
    r"therap|treatment|dose|infusion|injection|medicine|puncture|apheresis|venous|\bwithin\b|"
    r"stud(?:y|ies) (?:drug|treatment|product)|"
    r"another (?:\w+ ){0,3}(?:study|trial)|other (?:\w+ ){0,3}(?:study|studies|trials?)"
)


def _plain_allowance(low: str) -> bool:
    """ "Recent or current use of inhaled steroids is not exclusionary", "Prior radiotherapy is
    allowed": an exception that asks nothing. One with a condition of its own ("allowed if …",
    "provided that …") is a requirement for those it admits, and stays for a person."""
    return bool(
        re.search(
            r"(?:is|are) not (?:exclusionary|an exclusion|excluded|considered an exclusion)|"
            r"(?:is|are) (?:allowed|permitted)$",
            low.strip(" .;"),
        )
        and not re.search(
            r"\bif\b|provided|as long as|\bmust\b|\bonly\b|unless|when|within|\d|[<>≤≥]", low
        )
    )


def _formality(low: str) -> bool:
    if _MEDICAL.search(low):
        # "unsuitable ... judged by investigators" about other diseases is open judgement too,
        # but only when it names no particular one.
        catch_all = re.compile(
            r"(?:other|any)\s+(?:\w+\s+){0,2}?(?:diseases?|conditions?|situations?|abnormalit\w+|"
            r"laboratory|therap\w*|treatments?)"
        )
        if any(
            _MEDICAL.search(
                re.sub(
                    r"^(?:other|any)\s+|\s*(?:diseases?|conditions?|situations?|"
                    r"abnormalit\w+|laboratory|therap\w*|treatments?)$",
                    "",
                    m.group(0),
                )
            )
            for m in catch_all.finditer(low)
        ):
            return False  # "other cardiac disease …": a named condition, not an open judgement
        generic = catch_all.sub("", low)
        return bool(
            generic != low
            and not _MEDICAL.search(generic)
            and _JUDGEMENT.search(low)
            and _OPEN_ENDED.search(low)
        )
    return bool(_FORMALITY.search(low))


#: A lead line that says nothing of its own: "Histologically confirmed:", "CLL:", "Adequate
#: organ function, defined as follows:". What it leads are the criteria.
_HEADING = re.compile(
    r"^(?:(?:histologically|pathologically|cytologically|confirmed|diagnosis|diagnosed|of|with|"
    r"one|any|all|of|the|following|as|follows|defined|by|including|include|includes|criteria|"
    r"inclusion|exclusion|must|meet|have|has|be|patients?|subjects?|participants?|adequate|"
    r"organ|functions?|laboratory|values?|tests?|results?|and|or|requirements?|[a-z]\)|\d+[.)])"
    r"[\s,]*)+:\s*$",
    re.I,
)


def extract(text: str) -> list[Criterion]:
    """Structured criteria from eligibility text, each with its sentence; the rest as text."""
    out: list[Criterion] = []
    for inclusion, sentence, scope in sentences(text or ""):
        found: list[Criterion] = []
        for_diseases = scope or ""  # a disease scope travels with every criterion of the sentence
        # "Mantle cell lymphoma (MCL): …" is conditional only until the scope says on what
        conditional = _CONDITIONAL.search(
            re.sub(r"^[^:]{1,80}:", "", sentence) if scope else sentence
        )
        if sentence.rstrip().endswith(":") and (
            _HEADING.match(sentence) or _only_diseases(sentence.rstrip().rstrip(":"))
        ):
            out.append(
                Criterion(
                    "heading", inclusion, sentence=sentence, source="trial text", scope=for_diseases
                )
            )
            continue
        if scope != "" and not conditional:
            found = [*_rules(sentence, inclusion), *_labs(sentence, inclusion)]
        else:
            # the exception's criterion belongs to the section it is written in
            found = [Criterion(c.kind, inclusion) for c in _allowances(sentence.lower())]
        if found:
            out.extend(
                replace(c, sentence=sentence, source="trial text", scope=for_diseases)
                for c in found
            )
            if not _fully_read(sentence, inclusion):
                # Part of the sentence says something else cartnav did not read: the sentence
                # as a whole stays for a person, so it is never "met" on its parsed part alone.
                out.append(_text(inclusion, sentence, for_diseases))
        elif scope != "" and _plain_allowance(sentence.lower()):
            out.append(Criterion("allowance", inclusion, sentence=sentence, source="trial text"))
        elif scope != "" and _formality(sentence.lower()):
            out.append(Criterion("enrolment", inclusion, sentence=sentence, source="trial text"))
        else:
            out.append(_text(inclusion, sentence, for_diseases))
    out = _diagnoses_as_alternatives(out)
    named = text_diseases(out)
    return [*out, named] if named else out


#: Words of a sentence that states the diagnosis ("histologically confirmed …", "r/r …").
_STATES = r"diagnos|confirmed|histolog|patholog|cytolog|documented|relapsed|refractory|\br/r\b"
_STATES_DIAGNOSIS = re.compile(_STATES)
_NOT_A_DIAGNOSIS = re.compile(
    r"\bno\b|\bnot\b|without|except|history|other|prior|previous|allow|permit|eligible if"
)


def _diagnoses_as_alternatives(criteria: list[Criterion]) -> list[Criterion]:
    """Sentences that only state a diagnosis are alternatives, not each a requirement: "* DLBCL
    * PMBCL * HGBL" under "Histologically confirmed:" lets in any of the three, and so do the
    diagnoses other inclusion sentences state ("… large B-cell lymphoma, including DLBCL …;
    PMBCL; HGBL") and those a line or heading is written for ("Mantle cell lymphoma (MCL): …").
    Each such criterion names all of them. Sentences that name a disease without stating it as a
    way in ("no severe autoimmune disease", "other cancers") are left out."""
    if not any(c.kind == "disease" and c.source == "trial text" for c in criteria):
        return criteria
    union: list[str] = []
    seen: set[str] = set()
    for c in criteria:
        if not c.inclusion or c.source != "trial text":
            continue
        found = [k for k in c.scope.split("|") if k]
        if c.kind == "disease":
            found += c.target.split("|")
        elif c.sentence not in seen:
            low = c.sentence.lower().replace("not otherwise specified", "")
            if _STATES_DIAGNOSIS.search(low) and not _NOT_A_DIAGNOSIS.search(low):
                found += vocab.diseases_in(c.sentence)
        seen.add(c.sentence)
        union.extend(k for k in found if k and not vocab.is_other(k) and k not in union)
    return [
        replace(c, target="|".join(union))
        if c.kind == "disease" and c.source == "trial text"
        else c
        for c in criteria
    ]


#: A sentence that states the diagnosis (not, say, "secondary CNS lymphoma is admitted").
_DIAGNOSIS_CUE = re.compile(
    _STATES + r"|recurren|malignanc|including|such as|positive|expressing|advanced|metasta"
)


def text_diseases(criteria: list[Criterion]) -> Criterion | None:
    """The diagnoses the inclusion criteria name, as one criterion: "Confirmed diagnosis of
    DLBCL, FL or MCL" fails a CLL patient even when the registry's conditions say only
    "lymphoma". The union is permissive on purpose — every inclusion sentence counts, scoped ones
    too (a cohort for B-ALL is a way in for B-ALL), broad names with narrow ones ("ALL, CLL and
    NHL" keeps NHL), exceptions and transformations included — so that it fails a patient only
    when no sentence names their disease or one containing it. It is made only when a sentence
    states a diagnosis (a lone "secondary CNS lymphoma is admitted" is no list of diagnoses). It
    says only whether the patient's disease is among them: the sentences are judged on their own
    (a sentence cartnav cannot read stays undecided whatever this says)."""
    keys: list[str] = []
    stated = False
    for c in criteria:
        if not c.inclusion or c.source != "trial text":
            continue
        named = vocab.mentions(c.sentence)
        if named and _DIAGNOSIS_CUE.search(c.sentence.lower()):
            stated = True
        keys.extend(k for k in named if k not in keys)
    if not keys or not stated:
        return None
    return Criterion(
        "text_diseases",
        True,
        target="|".join(keys),
        sentence="diagnoses the inclusion criteria name: " + ", ".join(keys),
        source="trial text",
    )


def _text(inclusion: bool, sentence: str, scope: str) -> Criterion:
    return Criterion("text", inclusion, sentence=sentence, source="trial text", scope=scope)


#: Clauses that state no requirement of their own: a lead-in to a list, a formality.
_NO_REQUIREMENT = re.compile(
    r"^(?:male|female|men|women)(?:\s+(?:or|and|/)\s+(?:male|female|men|women))?$|"
    r"^no (?:gender|sex) restrictions?$|^(?:any|both) (?:sex|sexes|gender|genders)$|"
    r"^(?:adequate|sufficient|normal|good)?\s*(?:organ|bone marrow|hepatic|renal|liver|kidney|"
    r"cardiac|pulmonary|hematolog\w*|haematolog\w*)?\s*(?:and\s+\w+\s+)?(?:function|reserve)s?"
    r"(?:\s+(?:as\s+)?(?:defined|evidenced|shown)\s+(?:by|as)(?:\s+(?:the\s+)?following)?)?:?$|"
    r"^(?:the )?(?:following|as follows|including|defined as|e\.g\.|i\.e\.|etc|or|and)[:.]?$",
    re.I,
)


#: Words that only qualify what follows: "Active, uncontrolled systemic fungal, bacterial or
#: viral infection" is one clause about infection, not five.
_MODIFIERS = frozenset(
    re.split(
        r"\s+",
        "active uncontrolled ongoing severe systemic acute chronic known significant clinically "
        "serious current fungal bacterial viral parasitic or and other any",
    )
)


def _join_modifiers(clauses: list[str]) -> list[str]:
    out: list[str] = []
    pending = ""
    for clause in clauses:
        if set(clause.lower().split()) <= _MODIFIERS:
            pending = f"{pending} {clause}".strip()
            continue
        out.append(f"{pending} {clause}".strip() if pending else clause)
        pending = ""
    if pending:
        out.append(pending)
    return out


def _fully_read(sentence: str, inclusion: bool) -> bool:
    """Whether every clause of a sentence (split at ";" and at ", ") was read into a structured
    criterion, or states no requirement of its own. "ECOG 0-1, measurable disease" is not: the
    measurable disease is for a person to check, and the sentence must not count as met."""
    clauses = [c.strip(" .:") for c in re.split(r";\s*|,\s+(?![^()]*\))", sentence)]
    clauses = _join_modifiers([c for c in clauses if c])
    if len(clauses) < 2:
        return True  # one clause, and it produced the criteria: read
    for clause in clauses:
        if len(re.findall(r"[A-Za-z]{2,}", clause)) < 1 or _NO_REQUIREMENT.match(clause):
            continue
        low = clause.lower()
        if any(True for _ in _rules(clause, inclusion)) or any(
            True for _ in _labs(clause, inclusion)
        ):
            continue
        if not inclusion and _allowances(low):
            continue
        return False
    return True


def structured(
    trial_min_age: float | None, trial_max_age: float | None, sex: str, diseases: list[str]
) -> list[Criterion]:
    """Criteria from the registry's structured fields (age, sex, conditions)."""
    out = []
    if trial_min_age is not None:
        out.append(
            Criterion(
                "age_min",
                True,
                trial_min_age,
                "years",
                sentence=f"minimum age {trial_min_age:g} years",
                source="registry: minimumAge",
            )
        )
    if trial_max_age is not None:
        out.append(
            Criterion(
                "age_max",
                True,
                trial_max_age,
                "years",
                sentence=f"maximum age {trial_max_age:g} years",
                source="registry: maximumAge",
            )
        )
    if sex in ("FEMALE", "MALE"):
        out.append(
            Criterion(
                "sex",
                True,
                target=sex.lower(),
                sentence=f"sex: {sex.lower()}",
                source="registry: sex",
            )
        )
    out.append(
        Criterion(
            "disease",
            True,
            target="|".join(diseases),
            sentence="conditions: " + (", ".join(diseases) or "not recognised"),
            source="registry: conditions",
        )
    )
    return out
