"""The online application form (Arts. 27–29): reading and checking what a visitor
typed, before anything is recorded. Every problem is named by its field, so the form
can show it next to that field and announce it to a screen reader.

The applicant's identity, contact, delivery choice and attachment fingerprint become
the sealed ``applicant`` of the request, and the description its sealed description:
the same ``DisclosureRequests.receive`` an officer's ``gongkai request receive`` calls.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from domain.disclosure_request.rules import APPLICANT_TYPES

MAX_TEXT: Final = 200
MAX_DESCRIPTION: Final = 4000
MAX_ATTACHMENT: Final = 2 * 1024 * 1024
# What an attachment may be, known by its first bytes (the name and the browser's
# content type are the visitor's to choose).
ATTACHMENT_TYPES: Final = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png",
                           b"\xff\xd8\xff": "image/jpeg"}  # fmt: skip
FORMS: Final = {"electronic": "电子文本 Electronic", "paper": "纸质文本 Paper"}
DELIVERY: Final = {
    "online": "在线查看 On this site",
    "email": "电子邮件 E-mail",
    "post": "邮寄 Post",
    "pickup": "当面领取 Collect in person",
}
_ID_NUMBER = re.compile(r"[0-9]{17}[0-9Xx]")
_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")


@dataclass
class Application:
    """A checked application, ready to be received; ``errors`` maps field → message."""

    applicant_type: str = "natural-person"
    name: str = ""
    id_number: str = ""
    contact: str = ""
    contact_person: str = ""
    address: str = ""
    description: str = ""
    requested_form: str = "electronic"
    delivery: str = "online"
    attachment: bytes | None = None
    attachment_type: str | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_person(self) -> bool:
        return self.applicant_type == "natural-person"

    def applicant(self, attachment_sha256: str | None) -> dict[str, str]:
        """The sealed applicant: only what the visitor gave."""
        found = {
            "name": self.name,
            "id_number": self.id_number,
            "contact": self.contact,
            "contact_person": self.contact_person,
            "address": self.address,
            "delivery": self.delivery,
            "attachment_sha256": attachment_sha256 or "",
        }
        return {k: v for k, v in found.items() if v}

    def fingerprint(self) -> str:
        """Who asks for what: the same applicant asking the same again is a duplicate."""
        key = "\x1f".join((self.applicant_type, self.id_number.upper(), self.description))
        return hashlib.sha256(key.encode()).hexdigest()


def _text(form: Mapping[str, object], name: str, limit: int = MAX_TEXT) -> str:
    value = form.get(name)
    return value.strip()[: limit + 1] if isinstance(value, str) else ""


def read(form: Mapping[str, object], attachment: bytes | None) -> Application:
    """The application as typed, with an error for each field that is wrong."""
    a = Application(
        applicant_type=_text(form, "applicant_type") or "natural-person",
        name=_text(form, "name"),
        id_number=_text(form, "id_number").replace(" ", ""),
        contact=_text(form, "contact"),
        contact_person=_text(form, "contact_person"),
        address=_text(form, "address"),
        description=_text(form, "description", MAX_DESCRIPTION),
        requested_form=_text(form, "requested_form") or "electronic",
        delivery=_text(form, "delivery") or "online",
    )
    _check(a, form)
    _check_attachment(a, attachment)
    return a


def _check(a: Application, form: Mapping[str, object]) -> None:
    e = a.errors
    if a.applicant_type not in APPLICANT_TYPES:
        e["applicant_type"] = "请选择申请人类型。 Choose who is applying."
    for name, value in (("name", a.name), ("contact", a.contact), ("address", a.address)):
        if len(value) > MAX_TEXT or any(ord(c) < 32 for c in value):
            e[name] = f"最多 {MAX_TEXT} 个字符。 At most {MAX_TEXT} characters."
    if not a.name:
        e["name"] = "请填写姓名或名称。 Enter your name (or the organisation's)."
    if a.is_person and not _ID_NUMBER.fullmatch(a.id_number):
        e["id_number"] = "请填写18位居民身份证号码。 Enter the 18-character ID card number."
    if not a.is_person and not _CREDIT_CODE.fullmatch(a.id_number.upper()):
        e["id_number"] = "请填写18位统一社会信用代码。 Enter the 18-character credit code."
    if not a.is_person and not a.contact_person:
        e["contact_person"] = "请填写联系人。 Enter a contact person."
    if not a.contact:
        e["contact"] = "请填写电话或电子邮箱。 Enter a phone number or e-mail address."
    if len(a.description) < 5 or len(a.description) > MAX_DESCRIPTION:
        e["description"] = (
            f"请描述所需信息（5–{MAX_DESCRIPTION} 字）。 "
            f"Describe the information (5–{MAX_DESCRIPTION} characters)."
        )
    if a.requested_form not in FORMS:
        e["requested_form"] = "请选择提供形式。 Choose a form."
    if a.delivery not in DELIVERY:
        e["delivery"] = "请选择获取方式。 Choose how to receive it."
    if a.delivery == "post" and not a.address:
        e["address"] = "邮寄需要地址。 Posting needs an address."
    if form.get("consent") != "yes":
        e["consent"] = "请确认已阅读个人信息说明。 Confirm you have read the statement."


def _check_attachment(a: Application, data: bytes | None) -> None:
    if not data:
        return
    if len(data) > MAX_ATTACHMENT:
        a.errors["attachment"] = "附件不能超过 2 MB。 The attachment may be at most 2 MB."
        return
    for magic, media_type in ATTACHMENT_TYPES.items():
        if data.startswith(magic):
            a.attachment, a.attachment_type = data, media_type
            return
    a.errors["attachment"] = "附件只能是 PDF、PNG 或 JPEG。 Only PDF, PNG or JPEG files."
