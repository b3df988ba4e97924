"""The parts of pages built in Python for speed (the portal, the records panel, the header, the
dashboard's filters) escape what people typed, link where ``reverse`` would, and keep the
elements the forms and the browser tests rely on."""

from __future__ import annotations

import re
import uuid

from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from cartnav.core.html import escape_value, html_format, html_join
from cartnav.core.links import link
from cartnav.patients.models import StageChange
from cartnav.records.models import Decision, Document, ReviewRequest, ToDo
from tests.cast import Cast

EVIL = '<script>alert("x")</script>&'


def test_link_is_reverse_for_ids() -> None:
    case, doc = uuid.uuid4(), 12345
    for name, args in (
        ("records:document", (case, doc)),
        ("records:todo_done", (str(case), 7)),
        ("records:upload", (case,)),
        ("screening:options", (case,)),
        ("patients:withdraw_consent", (case, 99)),
        ("patients:dashboard", ()),
    ):
        assert link(name, *args) == reverse(name, args=args)


@given(st.text(min_size=1, max_size=40))
def test_link_quotes_a_path_argument_as_reverse_does(text: str) -> None:
    try:
        expected = reverse("patients:consent_text", args=[text])
    except NoReverseMatch:  # e.g. a slash: no address for it, and link is never asked
        return
    assert link("patients:consent_text", text) == expected


def test_what_people_typed_is_escaped_on_the_portal(cast: Cast) -> None:
    case = cast.ana_case
    patient = case.patient
    patient.given_name = EVIL
    patient.save()
    StageChange.objects.create(
        case=case, from_stage="inquiry", to_stage="screening", reason=EVIL, at=case.stage_changed
    )
    Document.objects.create(
        case=case,
        kind="pathology",
        display_name=EVIL,
        sha256="0" * 64,
        size=2048,
        content_type="application/pdf",
        storage_name="x",
        note=EVIL,
    )
    ToDo.objects.create(case=case, text=EVIL)
    ReviewRequest.objects.create(
        case=case,
        reviewer=cast.users["rita"],
        decision=Decision.MORE,
        proposal=EVIL,
        reason=EVIL,
    )
    page = cast.client("ana").get("/me/").content.decode()
    assert "<script>alert" not in page
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;"
    # the name (heading, consents), the reason, the document's name and note, the to-do,
    # the decision's proposal and reason
    assert page.count(escaped) >= 8, page.count(escaped)
    assert re.search(r'<tr><td><a href="/cases/[0-9a-f-]+/documents/\d+/"', page)
    assert 'class="hint">(2.0\xa0KB)</span>' in page
    assert f'id="decision-{case.number}"' in page
    # every form carries the page's CSRF token and comes back to the portal
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1
    assert page.count('name="next" value="/me/"') >= 3  # upload, FHIR, the to-do
    for css in ("upload-form", "fhir-form", "todos", "withdraw", "options-link"):
        assert css in page, css


def test_the_portal_speaks_chinese(cast: Cast) -> None:
    client = cast.client("ana")
    client.post("/accounts/language/", {"language": "zh-hans", "next": "/me/"})
    page = client.get("/me/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert '<option value="zh-hans" selected>简体中文</option>' in page
    for english in ("What happens next", "Your documents", "Give consent for", "Sign out"):
        assert english not in page, english


def test_a_nurse_sees_no_upload_form_and_the_dashboard_keeps_its_filter(cast: Cast) -> None:
    page = cast.client("cora").get("/cases/?stage=screening").content.decode()
    assert '<option value="screening" selected>' in page
    assert page.count(" selected>") == 2  # the stage, and the language
    assert 'data-stage="' in page


@given(
    st.one_of(
        st.text(),
        st.integers(),
        st.floats(allow_nan=False),
        st.none(),
        st.text().map(mark_safe),
        st.text().map(gettext_lazy),
    )
)
def test_html_escapes_as_django_does(value: object) -> None:
    assert escape_value(value) == str(conditional_escape(value))
    assert html_format("<b>{}</b>", value) == format_html("<b>{}</b>", value)
    assert html_join(",", "<i>{}</i>", [(value,), (value,)]) == format_html_join(
        ",", "<i>{}</i>", [(value,), (value,)]
    )
