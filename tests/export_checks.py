"""What a correct export of a proposal holds, checked on the file's bytes: shared by the tests
that run exports in the worker thread and in worker processes."""

import io
import json

import jsonschema
from openpyxl import load_workbook
from pypdf import PdfReader

from consortia import specs
from consortia.exports.schema import ProposalExport


def member_names(proposal):
    return [m.organisation.legal_name for m in proposal.memberships.all()]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def check_codes(proposal) -> list[str]:
    """The codes of the proposal's checks that no reader could mistake for a word
    ("min_programme_countries", "composition:enterprises"; not "duration")."""
    codes = [check.code for check in specs.evaluate(proposal).report.checks]
    return [code for code in codes if "_" in code or ":" in code]


def check_pdf(content: bytes, proposal) -> None:
    text = pdf_text(content)
    words = " ".join(text.split())
    missing = [name for name in member_names(proposal) if name not in text]
    assert missing == []
    assert [code for code in check_codes(proposal) if code in text] == []
    messages = [check.message for check in specs.evaluate(proposal).report.checks]
    assert [message for message in messages if " ".join(message.split()) not in words] == []
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
    statuses = {row[8]: row[9] for row in participants.iter_rows(min_row=2, values_only=True)}
    assert statuses["Applicant"] == "Applicant"
    checks = [row[0] for row in workbook["Eligibility"].iter_rows(min_row=2, values_only=True)]
    assert checks == [check.message for check in specs.evaluate(proposal).report.checks]


def check_json(content: bytes, proposal) -> dict:
    document = json.loads(content)
    jsonschema.validate(document, ProposalExport.model_json_schema())
    assert [m["organisation"]["legal_name"] for m in document["members"]] == (
        member_names(proposal)
    )
    return document
