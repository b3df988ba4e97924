"""The records parts of the case page and the patient portal (the case is already access-checked
by the page that includes them)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from cartnav import access
from cartnav.core.html import html_format, html_join
from cartnav.core.links import link
from cartnav.core.templatetags.cartnav import dual_time
from cartnav.records import completeness, services
from cartnav.records.models import UPLOAD_KINDS, Decision
from cartnav.screening.models import ScreeningProfile

register = template.Library()


def _context(page: template.Context, case: Any, *, staff: bool) -> dict[str, Any]:
    """What both panels show; reviewers and sending for review only on the staff panel.

    Uses what the page prefetched (the patient portal prefetches every case's documents,
    reviews, to-dos and profile); the staff case page shows one case and lets these query.
    The panel's forms use the page's own CSRF token, which Django's inclusion tags pass on; a
    ``get_token`` call here would mask the secret again (32 draws from the system's random
    source) only for Django to replace the result.
    """
    user, request = page["user"], page["request"]
    reviews = (
        list(case.reviews.all())
        if _prefetched(case, "reviews")
        else list(case.reviews.select_related("reviewer"))
    )
    documents = list(case.documents.all())
    context = {
        "case": case,
        "documents": documents,
        "kinds": UPLOAD_KINDS,
        "reviews": reviews,
        "pending": next((r for r in reviews if r.decision == Decision.PENDING), None),
        "decided": next((r for r in reviews if r.decision), None),
        "todos": list(case.todos.all()),
        "may_upload": access.can(user, access.Action.UPLOAD_DOCUMENT, case),
        "request": request,
        "next": request.get_full_path(),
        "completeness": completeness.check(_profile(case), documents, timezone.localdate()),
    }
    if staff:
        context["may_send"] = access.can(user, access.Action.SEND_FOR_REVIEW, case)
        context["reviewers"] = services.reviewers_for(case)
        context["review_url"] = reverse("records:review", args=[case.pk])
    return context


def _prefetched(case: Any, name: str) -> bool:
    return name in getattr(case, "_prefetched_objects_cache", {})


def _profile(case: Any) -> dict[str, Any]:
    try:
        row = case.screening_profile  # joined or prefetched by the portal; one query otherwise
    except ScreeningProfile.DoesNotExist:
        return {}
    return dict(row.data)


@register.inclusion_tag("records/_staff_panel.html", takes_context=True)
def records_staff(context: template.Context, case: Any) -> dict[str, Any]:
    return _context(context, case, staff=True)


@register.simple_tag(takes_context=True)
def records_documents(context: template.Context) -> SafeString:
    """The documents table and the upload and FHIR forms of the staff panel."""
    return _documents_and_forms(
        context["case"],
        context["documents"],
        may_upload=context["may_upload"],
        token=str(context.get("csrf_token", "")),
        next_url=context["next"],
    )


def patient_panel(page: template.Context, case: Any) -> SafeString:
    """The records part of each case on the patient's home: documents, upload, what is still
    needed, the specialists' decision and the to-dos.

    Python, not a template: the patient home renders it once per case and the template engine
    was most of the page's CPU (docs/performance.md). Every value goes through ``format_html``.
    """
    c = _context(page, case, staff=False)
    token = str(page.get("csrf_token", ""))
    missing = html_join(
        "",
        '<li class="missing">{}: {}</li>',
        (
            (gettext("Still needed"), item.text)
            for item in c["completeness"]
            if not item.ok and item.who == "patient"
        ),
    )
    decided = c["decided"]
    decision = (
        html_format(
            '<h3>{}</h3><p class="decision" id="decision-{}"><strong>{}</strong>{}{}</p>',
            gettext("The specialists' decision"),
            case.number,
            decided.get_decision_display(),
            html_format(" — {}", decided.proposal) if decided.proposal else "",
            html_format(" — {}", decided.reason) if decided.reason else "",
        )
        if decided
        else ""
    )
    todos = (
        html_format(
            '<h3>{}</h3><ul class="todos">{}</ul>',
            gettext("To do"),
            html_join(
                "",
                "<li>{} {}</li>",
                ((t.text, _todo_state(case, t, c, token)) for t in c["todos"]),
            ),
        )
        if c["todos"]
        else ""
    )
    return html_format(
        '<div class="records" id="records-{}">\n<h3>{}</h3>\n{}\n'
        '<ul class="completeness">{}</ul>\n{}\n{}\n</div>',
        case.number,
        gettext("Your documents"),
        _documents_and_forms(
            case,
            c["documents"],
            may_upload=c["may_upload"],
            token=token,
            next_url=c["next"],
            todos=c["todos"],
        ),
        missing,
        decision,
        todos,
    )


def _todo_state(case: Any, todo: Any, c: dict[str, Any], token: str) -> SafeString | str:
    """A closed to-do says what closed it; an open one offers to explain why it cannot be had
    (uploading the document it asks for, chosen in the upload form, closes it too)."""
    if todo.done_at:
        why = (
            html_format(" — {}", todo.explanation)
            if todo.explanation
            else html_format(" — {}", gettext("answered by a document"))
            if todo.document_id
            else ""
        )
        return html_format('<span class="done">✓ {}{}</span>', gettext("done"), why)
    if not c["may_upload"]:
        return ""
    return html_format(
        '<form method="post" action="{}" class="inline todo-explain">{}'
        '<label for="explain-{}">{}</label><input id="explain-{}" name="explanation" '
        'maxlength="2000" required><button type="submit">{}</button></form>',
        link("records:todo_done", case.pk, todo.pk),
        _hidden(token, c["next"]),
        todo.pk,
        gettext("Cannot provide it? Say why"),
        todo.pk,
        gettext("Explain and close"),
    )


def _hidden(token: str, next_url: str) -> SafeString:
    return html_format(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<input type="hidden" name="next" value="{}">',
        token,
        next_url,
    )


def _todo_choice(case: Any, todos: list[Any]) -> SafeString:
    """The upload form's "this answers" choice: the case's open to-dos."""
    open_items = [t for t in todos if not t.done_at]
    if not open_items:
        return SafeString("")
    return html_format(
        '  <label for="doc-todo-{}">{}</label><select id="doc-todo-{}" name="todo">'
        '<option value="">—</option>{}</select>\n',
        case.pk,
        gettext("This answers"),
        case.pk,
        html_join("", '<option value="{}">{}</option>', ((t.pk, t.text) for t in open_items)),
    )


def _documents_and_forms(
    case: Any,
    documents: list[Any],
    *,
    may_upload: bool,
    token: str,
    next_url: str,
    todos: list[Any] | None = None,
) -> SafeString:
    rows = html_join(
        "\n",
        '<tr><td><a href="{}" target="_blank" rel="noopener">{}</a> <span class="hint">({})'
        "</span>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                link("records:document", case.pk, d.pk),
                d.display_name,
                filesizeformat(d.size),
                html_format(" — {}", d.note) if d.note else "",
                d.get_kind_display(),
                dual_time(d.uploaded_at),
            )
            for d in documents
        ),
    ) or html_format('<tr><td colspan="3">{}</td></tr>', gettext("No documents yet."))
    labels = _labels(translation.get_language())
    table = html_format(
        '<div class="scroll"><table class="documents"><thead><tr><th>{}</th><th>{}</th>'
        "<th>{}</th></tr></thead><tbody>\n{}</tbody></table></div>",
        labels["document"],
        labels["type"],
        labels["uploaded"],
        rows,
    )
    if not may_upload:
        return table
    return html_format(
        '{}\n<form method="post" enctype="multipart/form-data" action="{}" '
        'class="inline upload-form">\n  {}\n'
        '  <label for="doc-file-{}">{}</label><input id="doc-file-{}" type="file" name="file" '
        "required>\n"
        '  <label for="doc-kind-{}">{}</label><select id="doc-kind-{}" name="kind">{}</select>\n'
        '  <label for="doc-note-{}">{}</label><input id="doc-note-{}" name="note" '
        'maxlength="300">\n'
        "{}"
        '  <button type="submit" class="upload">{}</button>\n</form>\n'
        '<form method="post" enctype="multipart/form-data" action="{}" class="inline fhir-form">'
        "\n  {}\n"
        '  <label for="fhir-file-{}">{}</label><input id="fhir-file-{}" type="file" '
        'name="bundle" accept=".json,application/fhir+json,application/json" required>\n'
        '  <label><input type="checkbox" name="repair_ids" value="yes"> {}</label>\n'
        '  <button type="submit" class="fhir-preview">{}</button>\n</form>',
        table,
        link("records:upload", case.pk),
        _hidden(token, next_url),
        case.pk,
        labels["file"],
        case.pk,
        case.pk,
        labels["type"],
        case.pk,
        labels["kinds"],
        case.pk,
        labels["note"],
        case.pk,
        _todo_choice(case, todos or []),
        labels["upload"],
        link("records:fhir_preview", case.pk),
        _hidden(token, next_url),
        case.pk,
        labels["bundle"],
        case.pk,
        labels["repair"],
        labels["preview"],
    )


@lru_cache(maxsize=8)
def _labels(language: str | None) -> dict[str, Any]:
    """The panel's fixed words and the document types' options, once per language."""
    return {
        "document": gettext("Document"),
        "type": gettext("Type"),
        "uploaded": gettext("Uploaded"),
        "file": gettext("File (PDF, PNG, JPEG or DICOM)"),
        "note": gettext("Note"),
        "upload": gettext("Upload"),
        "bundle": gettext("FHIR R4 bundle (JSON)"),
        "repair": gettext("repair ids that break the FHIR id rule"),
        "preview": gettext("Preview"),
        "kinds": html_join(
            "",
            '<option value="{}">{}</option>',
            ((v, str(label)) for v, label in UPLOAD_KINDS),
        ),
    }
