"""The cost estimate: dated prices and exchange rates (data an admin maintains), a hospital's
tariff, outcome-based refund terms, and each case's quotes — versioned, and accepted by the
patient with a timestamp. The arithmetic is :mod:`cartnav.costs.money` (pure, decimal).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cartnav.costs import money

CURRENCY_CHOICES = [(code, code) for code in money.CURRENCIES]
_AMOUNT = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(0)]}


class ProductPrice(models.Model):
    """A product's list price: amount, currency, the date it was valid on and its source.

    Prices change and are reported by the trade press as often as by makers, so each is a row
    of its own with its date; the estimate takes the latest RMB price of the product, and the
    comparison the latest US one.
    """

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="prices")
    amount = models.DecimalField(_("amount"), **_AMOUNT)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    as_of = models.DateField(_("valid on"))
    period = models.CharField(
        _("what the figure is"), max_length=120, blank=True, help_text=_("e.g. “at launch”")
    )
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(_("confirmed"), default=False)

    class Meta:
        ordering = ["product", "-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "currency", "as_of", "period"], name="one_price_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product.slug} {self.currency} {self.amount} ({self.as_of})"


class ExchangeRate(models.Model):
    """How many RMB one unit of a currency costs on a day, as published (no live rate service:
    an admin copies the figure and its source; the quote keeps the rate it used)."""

    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    cny_per_unit = models.DecimalField(
        _("RMB per unit"),
        max_digits=14,
        decimal_places=6,
        validators=[MinValueValidator(0), MaxValueValidator(100000)],
    )
    as_of = models.DateField(_("published on"))
    source = models.CharField(_("source"), max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["currency", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "as_of"], name="one_rate_per_day")
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.cny_per_unit} CNY ({self.as_of})"

    def as_rate(self) -> money.Rate:
        return money.Rate(self.currency, self.cny_per_unit, self.as_of, self.source)


class TariffItem(models.Model):
    """One item of a hospital's tariff for international patients, in RMB, dated and sourced."""

    ITEMS = [
        ("ward_day", _("a day on the ward")),
        ("assessments", _("assessments before treatment")),
        ("lymphodepletion", _("lymphodepletion")),
        ("icu_reserve", _("reserve for intensive care")),
        ("local_stay_day", _("a night of the local stay")),
        ("companion_day", _("a companion, per day")),
    ]
    hospital = models.ForeignKey(
        "catalog.Hospital", on_delete=models.CASCADE, related_name="tariff"
    )
    item = models.CharField(_("item"), max_length=30, choices=ITEMS)
    amount_cny = models.DecimalField(_("amount (RMB)"), **_AMOUNT)
    as_of = models.DateField(_("valid on"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["hospital", "item", "-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["hospital", "item", "as_of"], name="one_tariff_item_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hospital.slug} {self.item} {self.amount_cny} ({self.as_of})"


class RefundScheme(models.Model):
    """Outcome-based refund terms a maker or hospital offers for a product, as data: shown
    beside the quote now, evaluated against the response when follow-up records it."""

    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="refund_schemes"
    )
    hospital = models.ForeignKey(
        "catalog.Hospital",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("empty when the maker offers it wherever the product is given"),
    )
    offered_by = models.CharField(_("offered by"), max_length=200)
    since = models.DateField(_("since"))
    terms = models.TextField(_("terms"))
    terms_zh = models.TextField(_("terms in Chinese"), blank=True)
    #: the machine-readable terms: response criterion, when it is assessed, refund share and cap
    rule = models.JSONField(default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(_("confirmed"), default=False)

    class Meta:
        ordering = ["product", "-since"]

    def __str__(self) -> str:
        return f"{self.offered_by}: {self.product.slug}"


class Quote(models.Model):
    """One version of a case's cost estimate. A new version supersedes the one before; the
    patient (or a proxy) accepts the current one, and the acceptance is kept with its time."""

    class Status(models.TextChoices):
        OFFERED = "offered", pgettext_lazy("quote status", "Offered")
        ACCEPTED = "accepted", pgettext_lazy("quote status", "Accepted")
        SUPERSEDED = "superseded", pgettext_lazy("quote status", "Superseded")

    case = models.ForeignKey("patients.Case", on_delete=models.CASCADE, related_name="quotes")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OFFERED)
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    currency = models.CharField(_("the patient's currency"), max_length=3, choices=CURRENCY_CHOICES)
    #: the rate used, copied: a later correction of the rate table does not change a quote
    cny_per_unit = models.DecimalField(max_digits=14, decimal_places=6)
    rate_as_of = models.DateField()
    rate_source = models.CharField(max_length=300)
    total_cny = models.DecimalField(max_digits=14, decimal_places=2)
    total_converted = models.DecimalField(max_digits=16, decimal_places=2)
    companions = models.PositiveSmallIntegerField(
        _("companions"), default=0, validators=[MaxValueValidator(10)]
    )
    note = models.TextField(_("note to the patient"), blank=True, max_length=2000)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_quote_per_version")
        ]

    def __str__(self) -> str:
        return f"quote v{self.version} of {self.case_id}"

    @property
    def rate(self) -> money.Rate:
        return money.Rate(self.currency, self.cny_per_unit, self.rate_as_of, self.rate_source)


class QuoteLine(models.Model):
    KIND_LABELS = {
        "product": _("CAR-T product (list price)"),
        "hospital_stay": _("Hospital stay"),
        "assessments": _("Assessments"),
        "lymphodepletion": _("Lymphodepletion"),
        "icu_reserve": _("Reserve for intensive care"),
        "local_stay": _("Local stay near the hospital"),
        "companions": _("Companions"),
        "travel": _("Travel"),
        "other": pgettext_lazy("cost line", "Other"),
    }

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=list(KIND_LABELS.items()))
    description = models.CharField(max_length=200, blank=True)
    quantity = models.DecimalField(max_digits=7, decimal_places=2)
    unit_cny = models.DecimalField(max_digits=14, decimal_places=2)
    amount_cny = models.DecimalField(max_digits=14, decimal_places=2)
    amount_converted = models.DecimalField(max_digits=16, decimal_places=2)
    source = models.CharField(max_length=300, blank=True)
    as_of = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["quote", "position"]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_cny} CNY"

    @property
    def label_lazy(self) -> Any:
        return self.KIND_LABELS.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        return str(self.label_lazy)
