"""The quote form: a header (product, currency, companions, note) and one row per kind of line,
each value validated where it enters with its field named."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cartnav.catalog.models import Product
from cartnav.costs import money
from cartnav.costs.models import QuoteLine


class QuoteForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.none(),
        required=False,
        to_field_name="slug",
        help_text=_("Empty for a trial: the sponsor provides the product."),
    )
    currency = forms.ChoiceField(
        label=_("The patient's currency"), choices=[(c, c) for c in money.CURRENCIES]
    )
    companions = forms.IntegerField(label=_("Companions"), min_value=0, max_value=10, initial=0)
    note = forms.CharField(
        label=_("Note to the patient"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["product"]).queryset = quotable_products()


def quotable_products() -> Any:
    """The approved products a quote can name: China's, with a known label."""
    return Product.objects.filter(region="NMPA").exclude(indications=[])


class LineForm(forms.Form):
    """One kind of line; a row without a unit price is left out of the quote."""

    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=0,
        max_value=money.MAX_QUANTITY,
        decimal_places=2,
        required=False,
    )
    unit_cny = forms.DecimalField(
        label=_("Unit price (RMB)"),
        min_value=0,
        max_value=money.MAX_AMOUNT,
        decimal_places=2,
        required=False,
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    source = forms.CharField(label=_("Source of the price"), max_length=300, required=False)
    as_of = forms.DateField(
        label=_("Price valid on"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, prefix=kind, **kwargs)
        self.kind = kind
        self.label = QuoteLine.KIND_LABELS[kind]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("unit_cny"):
            if data.get("quantity") in (None, ""):
                self.add_error("quantity", _("Give the quantity of a priced line."))
            if not data.get("as_of"):
                self.add_error("as_of", _("A price needs the date it was valid on."))
            if not (data.get("source") or "").strip():
                self.add_error("source", _("A price needs its source."))
        return data

    @property
    def priced(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("unit_cny"))


def line_forms(
    data: Any = None, initial: dict[str, dict[str, Any]] | None = None
) -> list[LineForm]:
    initial = initial or {}
    return [LineForm(data, kind=kind, initial=initial.get(kind)) for kind in money.KINDS]
