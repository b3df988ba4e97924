"""The journey's stages (DESIGN.md, "The journey"), in order, and the exits."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    SCREENING = "screening", _("Screening")
    RECORDS_REVIEW = "records_review", _("Records review")
    ACCEPTED = "accepted", _("Accepted")
    VISA_TRAVEL = "visa_travel", _("Visa and travel")
    PRE_TREATMENT = "pre_treatment", _("Pre-treatment assessment")
    APHERESIS = "apheresis", _("Apheresis")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    LYMPHODEPLETION = "lymphodepletion", _("Lymphodepletion")
    INFUSION = "infusion", _("Infusion (day 0)")
    INPATIENT = "inpatient", _("Inpatient monitoring")
    OUTPATIENT = "outpatient", _("Local outpatient stay")
    HOME = "home", _("Home")
    FOLLOW_UP = "follow_up", _("Lifelong follow-up")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_FIT = "not_fit", _("Not fit after assessment")
    MANUFACTURING_FAILURE = "manufacturing_failure", _("Manufacturing failure")
    DECEASED = "deceased", _("Deceased")


JOURNEY = [
    Stage.INQUIRY,
    Stage.SCREENING,
    Stage.RECORDS_REVIEW,
    Stage.ACCEPTED,
    Stage.VISA_TRAVEL,
    Stage.PRE_TREATMENT,
    Stage.APHERESIS,
    Stage.MANUFACTURING,
    Stage.LYMPHODEPLETION,
    Stage.INFUSION,
    Stage.INPATIENT,
    Stage.OUTPATIENT,
    Stage.HOME,
    Stage.FOLLOW_UP,
]
EXITS = [
    Stage.DECLINED,
    Stage.WITHDRAWN,
    Stage.NOT_FIT,
    Stage.MANUFACTURING_FAILURE,
    Stage.DECEASED,
]

#: What the patient can expect next, shown on their home page.
NEXT_STEP = {
    Stage.INQUIRY: _(
        "A coordinator will contact you to go through your questions and your diagnosis."
    ),
    Stage.SCREENING: _(
        "We are checking which approved products and clinical trials fit your diagnosis and history."
    ),
    Stage.RECORDS_REVIEW: _(
        "Specialists are reviewing your medical records. They may ask for more documents."
    ),
    Stage.ACCEPTED: _(
        "You have been accepted. The coordinator will send the invitation letter for your S2 medical visa."
    ),
    Stage.VISA_TRAVEL: _(
        "Apply for your S2 medical visa and plan your travel; the hospital can help with accommodation."
    ),
    Stage.PRE_TREATMENT: _(
        "On arrival you will have blood tests, imaging and organ function tests to confirm you can be treated."
    ),
    Stage.APHERESIS: _(
        "Your T cells will be collected by leukapheresis, which takes 3 to 4 hours."
    ),
    Stage.MANUFACTURING: _("Your CAR-T cells are being made; this usually takes 1 to 2 weeks."),
    Stage.LYMPHODEPLETION: _(
        "You will receive a short course of chemotherapy to prepare for the infusion."
    ),
    Stage.INFUSION: _("Your CAR-T cells will be infused; this takes 30 minutes to 1 hour."),
    Stage.INPATIENT: _("You will stay in hospital for 1 to 2 weeks for close observation."),
    Stage.OUTPATIENT: _(
        "You will stay near the hospital, usually until about day 28, for regular checks."
    ),
    Stage.HOME: _(
        "You are going home. Your follow-up visits and tests will be scheduled with you."
    ),
    Stage.FOLLOW_UP: _(
        "Follow-up continues for life, including checks for relapse and new cancers."
    ),
    Stage.DECLINED: _(
        "The specialists could not offer treatment. Your coordinator will explain why and discuss other options."
    ),
    Stage.WITHDRAWN: _("Your case has been closed at your request."),
    Stage.NOT_FIT: _(
        "The assessment found that treatment is not safe for you now. Your doctors will discuss other options."
    ),
    Stage.MANUFACTURING_FAILURE: _(
        "Your cells could not be manufactured. Your doctors will discuss a new collection or other therapy."
    ),
    Stage.DECEASED: _("This case is closed."),
}
