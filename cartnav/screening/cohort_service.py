"""Cohort screening of a referral list against the catalog in the database (vectorised)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

import numpy as np

from cartnav.core import spreadsheet
from cartnav.eligibility import cohort
from cartnav.eligibility.profile import PatientProfile, ProfileError
from cartnav.screening import catalog
from cartnav.screening.services import _today


def screen_file(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    """(patient ids, option ids, verdict matrix) for every profile of a referral list. A bad
    profile stops the run with its id and field (nothing is stored either way)."""
    rows = cohort.read_referrals(path)
    profiles = []
    for pid, data in rows:
        try:
            profiles.append(PatientProfile.from_dict(data))
        except ProfileError as exc:
            raise ProfileError(f"{pid}.{exc.field}", exc.message) from exc
    cat = catalog.build()
    facts = cohort.Facts(profiles, _today())
    products = cohort.product_codes(
        facts, [[i.criteria for i in p.indications] for p in cat.products]
    )
    trials = cohort.verdict_codes(facts, [t.criteria for t in cat.trials])
    codes = np.concatenate([products, trials], axis=1)
    ids = [p.slug for p in cat.products] + [t.nct_id for t in cat.trials]
    return [pid for pid, _ in rows], ids, cohort.verdicts(codes)


def write_csv(path: Path, out: TextIO) -> None:
    """One row per patient and option that is not "not_eligible"."""
    patients, options, verdicts = screen_file(path)
    writer = csv.writer(out)
    writer.writerow(["patient", "option", "verdict"])
    for i, pid in enumerate(patients):
        for j in np.flatnonzero(verdicts[i] != "not_eligible"):
            writer.writerow([spreadsheet.cell(pid), options[j], verdicts[i, j]])
