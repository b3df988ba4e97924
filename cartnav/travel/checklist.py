"""What to bring and do at each stage of the journey: one list, in the patient's language.

Practical steps, not medical advice: anything about treatment says "ask your care team". Items
are keyed so that a patient's ticks survive a change of wording.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cartnav.patients.stages import Stage

CHECKLIST: dict[str, list[tuple[str, object]]] = {
    Stage.ACCEPTED: [
        (
            "passport_valid",
            _(
                "Check that your passport is valid for at least six months after your planned return."
            ),
        ),
        (
            "insurer",
            _("Tell your health insurer about the treatment abroad and ask what it covers."),
        ),
        (
            "records_copies",
            _("Keep copies of your medical records, scans and pathology reports together."),
        ),
    ],
    Stage.VISA_TRAVEL: [
        ("visa", _("Apply for the visa with the hospital's invitation letter.")),
        (
            "flights",
            _("Book the flights and enter the times here, so the hospital can plan your arrival."),
        ),
        (
            "accommodation",
            _("Book the accommodation near the hospital and enter its address here."),
        ),
        ("companions", _("Decide who comes with you and add them to the invitation letter.")),
        ("money", _("Arrange how to pay in China (bank card, mobile payment).")),
    ],
    Stage.PRE_TREATMENT: [
        (
            "bring_records",
            _("Bring your medical records, imaging discs, and pathology slides or blocks."),
        ),
        (
            "medicines",
            _(
                "Bring a list of all your medicines and allergies, and enough medicine for the stay."
            ),
        ),
        (
            "emergency_numbers",
            _("Save the hospital's number and the emergency numbers below in your phone."),
        ),
    ],
    Stage.APHERESIS: [
        ("collection_day", _("Ask your nurse how to prepare for the collection day.")),
    ],
    Stage.LYMPHODEPLETION: [
        ("companion_present", _("Make sure a companion can be with you every day from now on.")),
    ],
    Stage.INFUSION: [
        (
            "symptoms",
            _(
                "Learn the signs to report at once (fever, confusion, trouble speaking) from your care team."
            ),
        ),
    ],
    Stage.OUTPATIENT: [
        (
            "stay_near",
            _(
                "Stay within the distance from the hospital your plan requires, for as long as it requires."
            ),
        ),
        ("no_driving", _("Do not drive until your physician says you may.")),
    ],
    Stage.HOME: [
        ("discharge_papers", _("Take home your discharge summary and your follow-up schedule.")),
        (
            "local_doctor",
            _("Give your local doctor the discharge summary and the hospital's contact."),
        ),
    ],
}

#: Emergency numbers in mainland China (the Ministry of Industry and Information Technology's
#: special service numbers): the same everywhere, free from any phone.
EMERGENCY_NUMBERS = [
    ("120", _("Ambulance (medical emergency)")),
    ("110", _("Police")),
    ("119", _("Fire")),
]

KEYS = {key for items in CHECKLIST.values() for key, _text in items}
