from __future__ import annotations

from cartnav.catalog.models import CatalogVersion, Product
from cartnav.catalog.services import load_products
from tests.cast import Cast


def test_an_admin_edit_of_a_product_bumps_the_catalog_version(cast: Cast) -> None:
    load_products()
    before = CatalogVersion.objects.get().version
    client = cast.client("adam")
    product = Product.objects.get(slug="hicara")
    page = client.get(f"/admin/catalog/product/{product.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: form.initial.get(k, "") for k in form.fields}
    data["indications"] = form.fields["indications"].prepare_value(product.indications)
    data["data"] = form.fields["data"].prepare_value(product.data)
    data["approval_date"] = "2025-01-01"
    response = client.post(f"/admin/catalog/product/{product.pk}/change/", data)
    assert response.status_code == 302, response.content[:500]
    assert CatalogVersion.objects.get().version == before + 1
    assert Product.objects.get(slug="hicara").approval_date == "2025-01-01"


def test_the_catalog_admin_is_for_admins_only(cast: Cast) -> None:
    assert cast.client("cora").get("/admin/catalog/product/").status_code == 302
