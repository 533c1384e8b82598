"""政府信息公开指南 — the disclosure guide every agency must publish (OGI Regulation
Art. 12: how information is classified and obtained, and the disclosure office's name,
address, hours, phone, fax and online contacts). Its settings are recorded as signed
``Agency.GuidePublished`` entries, each a numbered version; the public page is generated
from the latest one.

The settings are a fixed set of one-line or multi-line texts; unknown keys are refused,
so that a typo does not silently drop a line from the published guide.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from domain.errors import RuleViolation

REQUIRED: Final = ("office_name", "address", "hours", "phone")
OPTIONAL: Final = (
    "postcode",
    "email",
    "fax",
    "website",
    "reconsideration_body",  # 行政复议机关 (Art. 51)
    "court",  # 管辖法院 (Art. 51)
    "supervisor",  # 上级行政机关 / 主管部门: complaints and reports (Arts. 47, 51)
    "complaint_days",  # the working days the office gives itself to answer a complaint
    "portal_officer",  # the officer whose key signs applications received online
    "agency_kind",  # department (report due 31 January) | local_government (31 March), Art. 49
    "notes",
)
FIELDS: Final = REQUIRED + OPTIONAL
MAX_LENGTH: Final = 2000
AGENCY_KINDS: Final = ("department", "local_government")


def check_guide(settings: Mapping[str, object]) -> dict[str, str]:
    """The settings as recorded: known keys, non-empty strings, the required ones there.

    Raises RuleViolation(GUIDE_INVALID) naming the first problem."""
    unknown = sorted(set(settings) - set(FIELDS))
    if unknown:
        raise RuleViolation(
            "GUIDE_INVALID",
            f"unknown guide settings {unknown}",
            unknown=unknown,
            known=list(FIELDS),
        )
    missing = [name for name in REQUIRED if not settings.get(name)]
    if missing:
        raise RuleViolation("GUIDE_INVALID", f"missing guide settings {missing}", missing=missing)
    found: dict[str, str] = {}
    for name in FIELDS:
        value = settings.get(name)
        if value is None or value == "":
            continue
        text = str(value).strip() if isinstance(value, str | int) else None
        if not text or len(text) > MAX_LENGTH or "\x00" in text:
            raise RuleViolation(
                "GUIDE_INVALID",
                f"{name} must be text of at most {MAX_LENGTH} characters",
                field=name,
            )
        found[name] = text
    days = found.get("complaint_days")
    if days is not None and not (days.isdigit() and 1 <= int(days) <= 60):
        raise RuleViolation(
            "GUIDE_INVALID",
            "complaint_days is a number of working days, 1–60",
            field="complaint_days",
        )
    kind = found.get("agency_kind")
    if kind is not None and kind not in AGENCY_KINDS:
        raise RuleViolation(
            "GUIDE_INVALID",
            f"agency_kind is one of {', '.join(AGENCY_KINDS)}",
            field="agency_kind",
        )
    return found
