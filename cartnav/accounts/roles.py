"""The roles people have in cartnav (DESIGN.md, "Who uses it").

A role is a property of the account, not a Django group: the access module decides what each
role may see, so there is one place to read it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient")
    PROXY = "proxy", _("Family member acting for a patient")
    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Specialist reviewer")
    PHYSICIAN = "physician", _("Physician")
    NURSE = "nurse", _("Nurse")
    ANALYST = "analyst", _("Registry analyst")
    ADMIN = "admin", _("Administrator")


#: Hospital staff: they see the cases of the hospitals they belong to.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.REVIEWER, Role.PHYSICIAN, Role.NURSE})
#: Roles that must pass a second factor (TOTP) before they see anything.
SECOND_FACTOR_ROLES = STAFF_ROLES | {Role.ADMIN, Role.ANALYST}
#: Roles that act for a patient and see only that patient's cases.
PATIENT_SIDE_ROLES = frozenset({Role.PATIENT, Role.PROXY})
