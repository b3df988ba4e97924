"""The patient's home, ``{% portal_case case %}`` and ``{% portal_consents patient n %}``.

Python rather than template markup: the patient home repeats these parts for every case and
every consent, and through the template engine they were most of the page's CPU per request
(bench/bench_pages.py, docs/performance.md). Every value goes through ``format_html``; the
fixed words are translated once per language.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

from cartnav.core.html import html_format, html_join
from cartnav.core.links import link
from cartnav.core.templatetags.cartnav import dual_time
from cartnav.patients.models import ConsentPurpose
from cartnav.patients.templatetags.journey import journey
from cartnav.records.templatetags.records import patient_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_case(context: template.Context, case: Any) -> SafeString:
    """One case: its stage, what happens next, the journey, its history and its records."""
    words = _words(translation.get_language())
    zone = case.patient.time_zone
    hospital = case.hospital
    history = html_join(
        "",
        "<li>{}: {} — {}</li>",
        (
            (dual_time(h.at, zone), h.get_to_stage_display(), h.reason)
            for h in case.stage_changes.all()
        ),
    )
    return html_format(
        '<section class="card case" id="case-{}">\n'
        '  <h2>{} · <span class="case-number">{}</span></h2>\n'
        "  <p>{}{} · {}</p>\n"
        '  <p class="stage">{}: <strong>{}</strong> — {} {}</p>\n'
        '  <p><a href="{}" class="options-link">{}</a> · <a href="{}" class="plan-link">{}</a> · <a href="{}" class="costs-link">{}</a> · <a href="{}" class="visa-link">{}</a> · <a href="{}" class="travel-link">{}</a> · <a href="{}" class="messages-link">{}{}</a> · <a href="{}" class="product-link">{}</a></p>\n'
        "  <h3>{}</h3>\n"
        '  <p class="next-step">{}</p>\n'
        "  {}\n"
        "  <details><summary>{}</summary><ul>\n  {}\n  </ul></details>\n"
        "  {}\n"
        "</section>",
        case.number,
        case.patient.display_name,
        case.number,
        hospital.name,
        html_format(" ({})", hospital.name_zh) if hospital.name_zh else "",
        case.diagnosis,
        words["stage"],
        case.get_stage_display(),
        words["since"],
        dual_time(case.stage_changed, zone),
        link("screening:options", case.pk),
        words["options"],
        link("plans:plan", case.pk),
        words["plan"],
        link("costs:quotes", case.pk),
        words["costs"],
        link("visas:letters", case.pk),
        words["visa"],
        link("travel:travel", case.pk),
        words["travel"],
        link("conversations:thread", case.pk),
        words["messages"],
        html_format(' <span class="badge unread-messages">{}</span>', case.unread_messages)
        if getattr(case, "unread_messages", 0)
        else "",
        link("custody:product", case.pk),
        words["product"],
        words["next"],
        getattr(case, "next_step", ""),
        journey(case.stage),
        words["history"],
        history,
        patient_panel(context, case),
    )


@register.simple_tag(takes_context=True)
def portal_consents(context: template.Context, patient: Any, counter: int) -> SafeString:
    """A patient's consents, each with its text and a way to withdraw it, and a form to give one."""
    words = _words(translation.get_language())
    token = html_format(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
        str(context.get("csrf_token", "")),
    )
    zone = patient.time_zone
    rows = html_join(
        "\n",
        '    <tr class="consent {}" data-purpose="{}">\n'
        "      <td>{}</td>\n"
        '      <td><a href="{}">{} {} ({})</a></td>\n'
        "      <td>{}</td>\n"
        "      <td>{}</td>\n"
        "      <td>{}</td>\n"
        "    </tr>",
        (
            (
                "active" if c.active else "withdrawn",
                c.purpose,
                c.get_purpose_display(),
                link("patients:consent_text", c.purpose),
                words["version"],
                c.text.version,
                c.text.language,
                dual_time(c.given_at, zone),
                dual_time(c.withdrawn_at, zone) if c.withdrawn_at else "—",
                html_format(
                    '<form method="post" action="{}">{}<button type="submit" class="withdraw">'
                    "{}</button></form>",
                    link("patients:withdraw_consent", patient.pk, c.pk),
                    token,
                    words["withdraw"],
                )
                if c.active
                else "",
            )
            for c in patient.consents.all()
        ),
    ) or html_format('<tr><td colspan="5">{}</td></tr>', words["none"])
    return html_format(
        '<section class="card consents" id="consents-{}">\n'
        "  <h2>{}</h2>\n"
        '  <div class="scroll"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>'
        "<th></th></tr></thead><tbody>\n{}\n  </tbody></table></div>\n"
        '  <form method="post" action="{}" class="inline">{}\n'
        '    <label for="purpose-{}">{}</label>\n'
        '    <select id="purpose-{}" name="purpose">{}</select>\n'
        '    <button type="submit">{}</button>\n'
        "  </form>\n"
        '  <p class="hint">{} {}</p>\n'
        "</section>",
        counter,
        gettext("Consents of %(name)s") % {"name": patient.display_name},
        words["purpose"],
        words["text"],
        words["given"],
        words["withdrawn"],
        rows,
        link("patients:give_consent", patient.pk),
        token,
        counter,
        words["give_for"],
        counter,
        words["purpose_options"],
        words["agree"],
        words["read_first"],
        words["purpose_links"],
    )


@lru_cache(maxsize=8)
def _words(language: str | None) -> dict[str, Any]:
    """The fixed words and lists of the portal, once per language."""
    return {
        "stage": gettext("Stage"),
        "plan": gettext("Treatment plan and calendar"),
        "costs": gettext("Cost estimate"),
        "visa": gettext("Visa invitation letter"),
        "travel": gettext("Travel and stay"),
        "messages": gettext("Messages"),
        "product": gettext("Where my cells are"),
        "since": gettext("since"),
        "options": gettext("My medical details and treatment options"),
        "next": gettext("What happens next"),
        "history": gettext("History"),
        "version": gettext("version"),
        "withdraw": gettext("Withdraw"),
        "none": gettext("No consents recorded."),
        "purpose": gettext("Purpose"),
        "text": gettext("Text"),
        "given": gettext("Given"),
        "withdrawn": pgettext("consent table column: when withdrawn", "Withdrawn"),
        "give_for": gettext("Give consent for"),
        "agree": gettext("I agree"),
        "read_first": gettext("Read each text before you agree:"),
        "purpose_options": html_join(
            "",
            '<option value="{}">{}</option>',
            ((value, str(label)) for value, label in ConsentPurpose.choices),
        ),
        "purpose_links": html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (link("patients:consent_text", value), str(label))
                for value, label in ConsentPurpose.choices
            ),
        ),
    }
