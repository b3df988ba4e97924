"""The catalog as the pure core wants it, built from the database once per catalog version."""

from __future__ import annotations

import threading

from cartnav.catalog.models import Hospital, HospitalProduct, Product, Trial, TrialSite
from cartnav.catalog.services import current_version
from cartnav.eligibility.criteria import Criterion
from cartnav.eligibility.products import product_from_record
from cartnav.eligibility.screen import Catalog, HospitalEntry, TrialEntry

_lock = threading.Lock()
_cache: dict[int, Catalog] = {}


def build() -> Catalog:
    version = current_version()
    with _lock:
        if version in _cache:
            return _cache[version]
    sites: dict[str, set[str]] = {}
    for nct, slug in TrialSite.objects.filter(hospital__isnull=False).values_list(
        "trial__nct_id", "hospital__slug"
    ):
        sites.setdefault(nct, set()).add(slug)
    trials = tuple(
        TrialEntry(
            nct,
            title,
            status,
            tuple(Criterion.from_dict(c) for c in criteria),
            tuple(sorted(sites.get(nct, ()))),
            tuple(targets),
        )
        for nct, title, status, criteria, targets in Trial.objects.values_list(
            "nct_id", "title", "status", "criteria", "targets"
        )
    )
    products = tuple(
        product_from_record(
            {
                "slug": p.slug,
                "brand_name": p.brand_name,
                "generic_name": p.generic_name,
                "maker": p.maker,
                "target": p.target,
                "region": p.region,
                "indications": p.indications,
            }
        )
        for p in Product.objects.all()
    )
    offers: dict[str, list[str]] = {}
    unconfirmed: dict[str, list[str]] = {}
    for slug, product, verified in HospitalProduct.objects.values_list(
        "hospital__slug", "product__slug", "verified"
    ):
        offers.setdefault(slug, []).append(product)
        if not verified:
            unconfirmed.setdefault(slug, []).append(product)
    with_sites = {slug for slugs in sites.values() for slug in slugs}
    hospitals = tuple(
        HospitalEntry(
            h.slug,
            h.name,
            h.city,
            tuple(h.languages),
            h.visa_support,
            h.accommodation_help,
            h.international_office,
            tuple(sorted(offers.get(h.slug, ()))),
            tuple(sorted(unconfirmed.get(h.slug, ()))),
        )
        for h in Hospital.objects.all()
        if h.slug in with_sites or h.named_in_seed or h.slug in offers
    )
    catalog = Catalog(products, trials, hospitals, version)
    with _lock:
        _cache.clear()
        _cache[version] = catalog
    return catalog
