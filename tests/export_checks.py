"""What a correct export of a proposal holds, checked on the file's bytes: shared by the tests
that run exports in the worker thread and in worker processes."""

import io
import json

import jsonschema
from openpyxl import load_workbook
from pypdf import PdfReader

from consortia.exports.schema import ProposalExport


def member_names(proposal):
    return [m.organisation.legal_name for m in proposal.memberships.all()]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def check_pdf(content: bytes, proposal) -> None:
    text = pdf_text(content)
    missing = [name for name in member_names(proposal) if name not in text]
    assert missing == []
    assert "min_programme_countries" in text
    assert "Composition: full participants by country and kind" in text


def check_xlsx(content: bytes, proposal) -> None:
    workbook = load_workbook(io.BytesIO(content))
    participants = workbook["Participants"]
    assert workbook.sheetnames == ["Proposal", "Participants", "Eligibility"]
    assert [row[0] for row in participants.iter_rows(min_row=2, values_only=True)] == (
        member_names(proposal)
    )
    assert participants.freeze_panes == "A2"
    assert participants.auto_filter.ref == f"A1:O{proposal.memberships.count() + 1}"


def check_json(content: bytes, proposal) -> dict:
    document = json.loads(content)
    jsonschema.validate(document, ProposalExport.model_json_schema())
    assert [m["organisation"]["legal_name"] for m in document["members"]] == (
        member_names(proposal)
    )
    return document
