"""The catalog: hospitals, approved CAR-T products and clinical trials, as data with sources.

Reference data is data, not code (DESIGN.md): it is loaded by commands from versioned files, an
admin can edit it, and every edit bumps :class:`CatalogVersion` so that stored screening results
know they are stale and are recomputed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Hospital(models.Model):
    """A hospital is an organisation; staff belong to it and cases are treated there.

    Hospitals come from the seed (with their international services, unverified until an admin
    confirms them) and from the Chinese trial sites, de-duplicated by ``name_key``.
    """

    slug = models.SlugField(unique=True, max_length=80)
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    name_key = models.CharField(max_length=200, blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=100)
    province = models.CharField(_("province"), max_length=100, blank=True)
    time_zone = models.CharField(max_length=64, default="Asia/Shanghai")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    accreditations = models.JSONField(_("accreditations"), default=list, blank=True)
    languages = models.JSONField(
        _("languages spoken for international patients"), default=list, blank=True
    )
    visa_support = models.BooleanField(_("S2 visa invitation support"), null=True, blank=True)
    accommodation_help = models.BooleanField(_("help with accommodation"), null=True, blank=True)
    international_office = models.BooleanField(
        _("international patient office"), null=True, blank=True
    )
    services_verified = models.BooleanField(_("services verified by an admin"), default=False)
    #: the letterhead of the visa invitation letter (entered by an admin; empty until then)
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_zh = models.CharField(_("address in Chinese"), max_length=300, blank=True)
    contact_phone = models.CharField(_("international office phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("international office e-mail"), blank=True)
    #: the ISBT 128 Facility Identification Number ICCBBA assigned to the hospital's cell
    #: therapy facility: configuration, never invented (the demo uses the standard's examples)
    isbt_fin = models.CharField(_("ISBT 128 FIN (from ICCBBA)"), max_length=5, blank=True)
    named_in_seed = models.BooleanField(default=False)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CatalogVersion(models.Model):
    """A single row counting changes to products and trials; screening results store the
    version they were computed against."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.PositiveIntegerField(default=0)
    changed = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"catalog v{self.version}"


class Product(models.Model):
    """An approved CAR-T product; its label indications are structured rules (JSON)."""

    slug = models.SlugField(unique=True)
    brand_name = models.CharField(_("brand name"), max_length=120)
    brand_name_zh = models.CharField(_("Chinese brand name"), max_length=120, blank=True)
    generic_name = models.CharField(_("generic name"), max_length=160)
    maker = models.CharField(_("maker"), max_length=200)
    target = models.CharField(_("target antigen"), max_length=40, blank=True)
    region = models.CharField(
        _("approved by"), max_length=10, choices=[("NMPA", "NMPA (China)"), ("FDA", "FDA (US)")]
    )
    approval_date = models.CharField(_("approval date"), max_length=20, blank=True)
    indications = models.JSONField(
        _("label indications (structured rules)"),
        default=list,
        blank=True,  # a name with no known label (the seed's "Hicara") is never an option
    )
    data = models.JSONField(default=dict, blank=True, help_text=_("The product record as loaded."))
    revision = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region", "brand_name"]

    def __str__(self) -> str:
        return f"{self.brand_name} ({self.generic_name})"


class HospitalProduct(models.Model):
    """A hospital offers an approved product: data with its source, confirmed by an admin.

    Screening credits a hospital for the approved products a patient is eligible for there
    (``eligibility.screen.rank_hospitals``); an unconfirmed offer counts, and the ranking's
    reason says it is unconfirmed, because families ask which centre to call first.
    """

    hospital = models.ForeignKey(Hospital, on_delete=models.CASCADE, related_name="offers")
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="offered_at")
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(_("confirmed by an admin"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hospital", "product"], name="one_offer_per_product")
        ]

    def __str__(self) -> str:
        return f"{self.hospital} — {self.product}"


class Trial(models.Model):
    """A CAR-T clinical trial from ClinicalTrials.gov, with its eligibility text and the
    structured criteria extracted from it."""

    nct_id = models.CharField(max_length=20, unique=True)
    title = models.TextField()
    status = models.CharField(max_length=40, db_index=True)
    phases = models.JSONField(default=list, blank=True)
    conditions = models.JSONField(default=list, blank=True)
    interventions = models.JSONField(default=list, blank=True)
    targets = models.JSONField(default=list, blank=True)
    diseases = models.JSONField(default=list, blank=True)
    product_type = models.CharField(max_length=60, blank=True)
    min_age_years = models.FloatField(null=True, blank=True)
    max_age_years = models.FloatField(null=True, blank=True)
    sex = models.CharField(max_length=10, blank=True)
    summary = models.TextField(blank=True)
    eligibility_text = models.TextField(blank=True)
    criteria = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True)
    start_date = models.CharField(max_length=20, blank=True)
    last_update = models.CharField(max_length=20, blank=True)
    record = models.JSONField(default=dict, blank=True, help_text=_("The parsed trial record."))
    content_hash = models.CharField(max_length=64)
    source = models.CharField(max_length=40)
    imported = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["nct_id"]

    def __str__(self) -> str:
        return self.nct_id


class TrialSite(models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="sites")
    hospital = models.ForeignKey(
        Hospital, null=True, blank=True, on_delete=models.SET_NULL, related_name="trial_sites"
    )
    facility = models.CharField(max_length=300)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=40, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["country", "city"])]

    def __str__(self) -> str:
        return f"{self.facility} ({self.trial_id})"
