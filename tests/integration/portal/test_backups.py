"""Backups: a backup restored into an empty database and an empty storage, by a new process
configured only by its environment (as on a new machine), serves the same proposals and the
same downloads; a restore never overwrites a database or trusts a damaged backup."""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from consortia import services
from consortia.models import ExportJob, Organisation, Proposal
from lots.choices import Role
from lots.models import Lot
from tests.factories import MembershipFactory, OrganisationFactory, ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Run by the restored installation: what a coordinator would see of their proposal.
SERVE = """
import hashlib, json
from django.contrib.auth import get_user_model
from django.test import Client
from consortia.models import ExportJob, Proposal
client = Client(HTTP_HOST="localhost")
client.force_login(get_user_model().objects.get(email="keeper@example.org"))
proposal = Proposal.objects.get()
job = ExportJob.objects.get()
page = client.get(proposal.get_absolute_url(), follow=True)
download = client.get(f"/exports/{job.pk}/download/")
print(json.dumps({
    "page": page.status_code,
    "text": page.content.decode(),
    "download": download.status_code,
    "sha256": hashlib.sha256(b"".join(download.streaming_content)).hexdigest(),
}))
"""


@pytest.fixture
def portal(reference_data, unread_broker):
    """A draft with an applicant and a partner, and its finished XLSX export (made here: its
    task goes to a broker no worker reads, else the session's worker thread, when a test
    started it, could render it too and leave a second file)."""
    coordinator = UserFactory(email="keeper@example.org")
    proposal = ProposalFactory(
        owner=coordinator,
        lot=Lot.objects.get(call__is_default=True, number=1),
        acronym="KEEP",
        title="Skills kept safe",
    )
    for role, country in [(Role.APPLICANT, "DE"), (Role.FULL_PARTNER, "FR")]:
        organisation = OrganisationFactory(legal_name=f"Kept {country}", country=country)
        MembershipFactory(proposal=proposal, organisation=organisation, role=role)
    job = services.request_export(proposal=proposal, format="xlsx", by=coordinator)
    services.run_export(job_id=job.pk, final_attempt=True)
    job.refresh_from_db()
    return job


@pytest.fixture
def empty_database():
    """A new, empty database on the same server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def new_machine(
    database: str, var_dir: Path, *args: str, s3: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``manage.py`` on another machine: its own empty local folder, the restored database, and
    the bucket of ``s3`` (S3_* variables) when given."""
    env = {
        **os.environ,
        **(s3 or {}),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "PORTAL_VAR_DIR": str(var_dir),
    }
    env.pop("EXPORTS_DIR", None)
    return subprocess.run(  # noqa: S603 (our own command line)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_restore_into_an_empty_database_serves_the_same_proposal_and_download(
    portal, empty_database, tmp_path
):
    with portal.file.open("rb") as file:
        original = hashlib.sha256(file.read()).hexdigest()
    call_command("backup", tmp_path / "backup")
    machine = tmp_path / "new-machine"

    restored = new_machine(empty_database, machine, "restore", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr
    assert "and 1 files" in restored.stdout
    served = new_machine(empty_database, machine, "shell", "-c", SERVE)

    assert served.returncode == 0, served.stderr
    seen = json.loads(served.stdout.strip().splitlines()[-1])
    assert seen["page"] == 200
    for text in ["Skills kept safe", "KEEP", "Kept DE", "Kept FR"]:
        assert text in seen["text"]
    assert (seen["download"], seen["sha256"]) == (200, original)
    assert list((machine / "private" / "exports").rglob("*.xlsx")) != []


def test_restore_from_a_bucket_into_an_emptied_bucket_serves_the_same_download(
    s3_exports, s3_server, portal, empty_database, tmp_path
):
    with portal.file.open("rb") as file:
        original = hashlib.sha256(file.read()).hexdigest()
    call_command("backup", tmp_path / "backup")
    s3_server.empty_bucket(s3_exports)  # the object store is lost with the database
    bucket = s3_server.environment(s3_exports)

    restored = new_machine(
        empty_database, tmp_path / "m", "restore", str(tmp_path / "backup"), s3=bucket
    )
    assert restored.returncode == 0, restored.stderr
    served = new_machine(empty_database, tmp_path / "m", "shell", "-c", SERVE, s3=bucket)

    assert served.returncode == 0, served.stderr
    seen = json.loads(served.stdout.strip().splitlines()[-1])
    assert (seen["page"], seen["download"], seen["sha256"]) == (200, 200, original)
    assert s3_server.keys(s3_exports) == [f"exports/{portal.file.name}"]
    assert not (tmp_path / "m" / "private").exists()


def test_backup_lists_each_file_with_its_hash(portal, tmp_path):
    call_command("backup", tmp_path / "backup")

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    with portal.file.open("rb") as file:
        content = file.read()
    assert manifest["database"] == {"vendor": "postgresql", "file": "database.dump"}
    assert manifest["files"] == [
        {
            "storage": "exports",
            "name": portal.file.name,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    ]


def test_restore_refuses_a_database_that_is_not_empty(portal, tmp_path):
    call_command("backup", tmp_path / "backup")

    with pytest.raises(CommandError, match="not empty: restore into a new, empty database"):
        call_command("restore", tmp_path / "backup")
    assert Proposal.objects.count() == 1
    assert Organisation.objects.filter(legal_name__startswith="Kept").count() == 2


def test_restore_refuses_a_damaged_backup_before_writing_anything(portal, empty_database, tmp_path):
    call_command("backup", tmp_path / "backup")
    copy = tmp_path / "backup" / "files" / "exports" / portal.file.name
    copy.write_bytes(copy.read_bytes() + b"tampered")

    restored = new_machine(empty_database, tmp_path / "m", "restore", str(tmp_path / "backup"))

    assert restored.returncode != 0
    assert "differs from the manifest: not restored" in restored.stderr
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{empty_database}") as restored_db:
        tables = restored_db.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)
    assert not (tmp_path / "m" / "private" / "exports").exists()


def test_backup_into_an_existing_folder_is_refused(portal, tmp_path):
    (tmp_path / "backup").mkdir()

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", tmp_path / "backup")
    assert ExportJob.objects.count() == 1
