"""A request's letters (告知书) over HTTP: the re-answer a remedy orders, the list of
letters a request's entries record, and each letter as PDF (the bytes whose SHA-256 the
entry records) or printable HTML. Officers only: letters are part of the case file."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from api.clock import now
from api.commands import requests as commands
from api.commands.requests import AnswerIn, OnIn
from api.http.deps import OfficerDep, ServicesDep, site_root
from api.http.routes.requests import HandlerDep, _written
from api.http.schemas.requests import RequestOut
from api.letters import LetterNotFound, LetterPress, Rendered, reissue
from api.services import Services
from domain.disclosure_request.letters import KINDS

router = APIRouter(prefix="/v1/requests", tags=["requests (依申请公开)"])
_MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


@router.post("/{ref}/reanswer", summary="责令重新答复: a new answer ordered by a remedy")
def reanswer(ref: str, body: AnswerIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    """Allowed after a reconsideration or court decision with result ``corrected``;
    chained to that decision, with reasons and a letter like an answer."""
    press = LetterPress()
    request = commands.reanswer(services.requests, ref, body, actor.officer_id, now(), press)
    return _written(services, request)


@router.post(
    "/{ref}/letters/{kind}/issue", summary="Record a notice's letter as issued (its PDF hash)"
)
def issue(ref: str, kind: str, body: OnIn, actor: HandlerDep, services: ServicesDep) -> RequestOut:
    """告知书送达 for the latest supplement, extension, fee or consultation notice: the
    letter is rendered from the notice's entry and its hash recorded as LetterIssued."""
    request = services.requests.issue_letter(
        ref,
        actor.officer_id,
        now(),
        kind=kind,
        on=body.on,
        letter=LetterPress(),
        expected_version=body.expected_version,
    )
    return _written(services, request)


@router.get("/{ref}/letters", summary="The letters a request's entries record")
def letters(ref: str, actor: OfficerDep, services: ServicesDep, request: Request) -> dict[str, Any]:
    """Each letter re-rendered and checked against the hash its entry records. A
    supplement letter prints sealed items: viewing it records a ``PersonalData.Opened``."""
    rendered = _reissued(services, ref, actor.officer_id)
    return {"letters": [_listed(site_root(request), ref, done) for done in rendered]}


@router.get("/{ref}/letters/{name}", summary="One letter as PDF or HTML (answer.pdf)")
def letter(ref: str, name: str, actor: OfficerDep, services: ServicesDep) -> Response:
    kind, _dot, suffix = name.partition(".")
    if kind not in KINDS or suffix not in _MEDIA:
        raise LetterNotFound(
            f"no letter {name}: name it <kind>.pdf or <kind>.html, kind one of {list(KINDS)}",
            request=ref,
            kind=kind,
        )
    done = _reissued(services, ref, actor.officer_id, kind)[-1]
    body: str | bytes = done.pdf if suffix == "pdf" else done.html
    return Response(body, media_type=_MEDIA[suffix], headers={"X-Letter-SHA256": done.sha256})


def _reissued(
    services: Services, ref: str, officer: str, kind: str | None = None
) -> list[Rendered]:
    rendered = reissue(services.requests, ref, kind, as_officer=officer, at=now())
    services.wrote()  # an opening may have been recorded
    return rendered


def _listed(root: str, ref: str, done: Rendered) -> dict[str, Any]:
    kind = done.letter.kind
    return {
        "kind": kind,
        "title": done.letter.title,
        "issued_on": done.letter.issued_on,
        "sha256": done.sha256,
        "pdf": f"{root}/v1/requests/{ref}/letters/{kind}.pdf",
        "html": f"{root}/v1/requests/{ref}/letters/{kind}.html",
    }
