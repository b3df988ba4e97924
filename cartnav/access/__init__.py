"""Who may see and do what — the one place cartnav decides it, denying by default.

Every page and API call that touches a person's data starts here:

* :func:`visible_cases` / :func:`visible_patients` are the only starting points for queries on
  personal data. A role not named below sees nothing.
* :func:`get_case` / :func:`get_patient` fetch one object for a request, record the read in the
  audit trail, and raise :class:`NotFound` for "not yours" exactly as for "not there", so an id
  in a URL cannot be used to learn that a case exists.
* :func:`can` answers "may this person do this action to this case".

The rules (DESIGN.md): a patient and the family members acting for them see only their own
cases; hospital staff see only the cases of the hospitals they belong to; an analyst sees no case
and no patient (only the de-identified registry); an admin sees everything.
"""

from cartnav.access.policy import (
    Action,
    Forbidden,
    NotFound,
    can,
    get_case,
    get_patient,
    page_case,
    prepared_by_rule,
    require_role,
    run_by_rule,
    visible_cases,
    visible_patients,
)
from cartnav.access.portal import portal

__all__ = [
    "Action",
    "Forbidden",
    "NotFound",
    "can",
    "get_case",
    "get_patient",
    "page_case",
    "portal",
    "prepared_by_rule",
    "require_role",
    "run_by_rule",
    "visible_cases",
    "visible_patients",
]
