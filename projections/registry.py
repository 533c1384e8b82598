"""Every read model the server keeps."""

from __future__ import annotations

from projections.accountability import Accountability
from projections.catalogue import Catalogue
from projections.content_refs import ContentRefs
from projections.register import RequestRegister
from projections.report_inputs import ReportInputs
from projections.runner import Projection


def all_projections() -> list[Projection]:
    return [ContentRefs(), Catalogue(), RequestRegister(), Accountability(), ReportInputs()]
