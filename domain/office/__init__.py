"""The disclosure office: the agency, its officers and their roles, and the ``Office``
service that loads them (and the recorded calendar) from the ledger.

    office = Office(ledger)
    actor = office.actor("officer-0009")  # the officer with the roles held now
    actor.require("request_handler")
"""

from domain.office.agency import Agency
from domain.office.office import Office
from domain.office.officer import Officer

__all__ = ["Agency", "Office", "Officer"]
