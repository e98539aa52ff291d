"""Loading the directory from a file in the admin: the preview's categories and each reason
for refusing a row, confirming (at once, or as a background job on the real worker), the
history of every change, the export's round trip, who may do it, and hostile files."""

import csv
import io
import time
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import storages
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from consortia import directory_files, services
from consortia.models import DirectoryImport, Organisation
from consortia.sample_organisations import sample_rows
from consortia.services import directory_import
from portal.settings import BASE_DIR, private_storage
from tests.factories import OrganisationFactory, UserFactory
from tests.page_text import visible_text

HEADER = "legal_name,country,kind,size,pic,oid,city"
SAMPLE = BASE_DIR / "docs" / "samples" / "organisations-1000.csv"


@pytest.fixture
def importer():
    """Staff given the add, change and view permissions on organisations, nothing else."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_organisation", "change_organisation", "view_organisation"]
        )
    )
    return user


@pytest.fixture
def importer_client(client, importer):
    client.force_login(importer)
    return client


def csv_upload(*lines: str, name: str = "organisations.csv") -> io.BytesIO:
    upload = io.BytesIO("\n".join(lines).encode())
    upload.name = name
    return upload


def upload(client, upload):
    return client.post(reverse("admin:consortia_organisation_import"), {"file": upload})


def existing_pair():
    a = OrganisationFactory(
        legal_name="Berufsschule München", country="DE", pic="900000001", oid="E00000001"
    )
    b = OrganisationFactory(
        legal_name="Lycée Jean Moulin", country="FR", pic="900000002", oid="E00000002", city="Lyon"
    )
    return a, b


@pytest.mark.django_db
def test_preview_sorts_rows_and_gives_each_refusal_its_reason(importer_client):
    a, _b = existing_pair()
    OrganisationFactory(legal_name="Ammattiopisto Oulu", country="FI", pic="900000003")
    OrganisationFactory(legal_name="ROC Utrecht", country="NL", oid="E00000004")
    file = csv_upload(
        HEADER,
        "Handwerkskammer Köln,DE,chamber,,900000010,E00000010,Köln",
        "Berufsschule München,DE,vet_provider,,900000001,E00000001,München",
        "Lycée Jean Moulin,FR,vet_provider,,900000002,E00000002,Lyon",
        "Bad Pic GmbH,DE,enterprise,small,12345,,",
        "Nowhere Ltd,ZZ,enterprise,small,900000011,,",
        "Twin One,DE,other,,900000012,,",
        "Twin Two,DE,other,,900000012,,",
        "Clash,DE,other,,900000003,E00000004,",
        "BERUFSSCHULE MUNCHEN,DE,vet_provider,,900000013,,",
        ",DE,other,,900000014,,",
        "Wrong Kind,DE,school,,900000015,,",
        "Sized School,DE,vet_provider,large,900000016,,",
    )

    response = upload(importer_client, file)
    job = DirectoryImport.objects.get()
    page = importer_client.get(response["Location"])
    preview = services.job_preview(job)

    assert response.status_code == 302
    assert "12 rows: 1 new, 1 changed, 1 unchanged, 9 refused." in visible_text(page)
    assert {row.line: row.reasons for row in preview.of("refused")} == {
        5: ["Bad PIC 12345: a PIC has exactly 9 digits."],
        6: ["Unknown country: ZZ."],
        7: ["Duplicate PIC 900000012: also on row 8."],
        8: ["Duplicate PIC 900000012: also on row 7."],
        9: [
            "PIC of Ammattiopisto Oulu (900000003) but OID of ROC Utrecht (E00000004).",
        ],
        10: [
            f"Similar name: Berufsschule München (PIC 900000001, #{a.pk}) is in the directory "
            "without this PIC or OID."
        ],
        11: ["legal_name is missing."],
        12: [
            "Bad kind school: use one of chamber, employers_organisation, enterprise, "
            "guidance_service, higher_education, other, public_authority, research_institute, "
            "sector_skills_council, trade_union, vet_provider."
        ],
        13: ["Only enterprises have a size."],
    }
    assert [(row.line, row.changes) for row in preview.of("changed")] == [
        (3, {"city": ("", "München")})
    ]
    assert [row.line for row in preview.of("new")] == [2]
    assert "Duplicate PIC 900000012: also on row 8." in visible_text(page)
    assert "city: - → München" in visible_text(page)
    assert Organisation.objects.count() == 4


@pytest.mark.django_db
def test_preview_refuses_duplicate_oids_and_a_pic_or_oid_of_another(importer_client):
    existing_pair()
    file = csv_upload(
        HEADER,
        "One,DE,other,,,E00000020,",
        "Two,DE,other,,,E00000020,",
        "Renamed by OID,FR,vet_provider,,900000030,E00000002,Lyon",
    )

    upload(importer_client, file)
    preview = services.job_preview(DirectoryImport.objects.get())

    assert {row.line: row.reasons for row in preview.of("refused")} == {
        2: ["Duplicate OID E00000020: also on row 3."],
        3: ["Duplicate OID E00000020: also on row 2."],
    }
    assert [(row.line, row.changes) for row in preview.of("changed")] == [
        (
            4,
            {
                "legal_name": ("Lycée Jean Moulin", "Renamed by OID"),
                "pic": ("900000002", "900000030"),
            },
        )
    ]


@pytest.mark.django_db
def test_confirm_applies_new_and_changed_rows_with_history_by_the_admin(
    importer_client, importer, django_capture_on_commit_callbacks
):
    a, _b = existing_pair()
    file = csv_upload(
        HEADER,
        "Handwerkskammer Köln,DE,chamber,,900000010,E00000010,Köln",
        "Berufsschule München,DE,vet_provider,,900000001,E00000001,München",
        "Bad Pic GmbH,DE,enterprise,small,12345,,",
    )
    upload(importer_client, file)
    job = DirectoryImport.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = importer_client.post(
            reverse("admin:consortia_organisation_import_confirm", args=[job.pk])
        )
    page = importer_client.get(response["Location"])

    added = Organisation.objects.get(pic="900000010")
    a.refresh_from_db()
    assert (added.legal_name, added.city, added.oid, added.created_by) == (
        "Handwerkskammer Köln",
        "Köln",
        "E00000010",
        importer,
    )
    assert a.city == "München"
    assert not Organisation.objects.filter(legal_name="Bad Pic GmbH").exists()
    assert sorted(
        Organisation.history.filter(history_user=importer).values_list(
            "pic", "history_type", "history_change_reason"
        )
    ) == [
        ("900000001", "~", "Imported from organisations.csv"),
        ("900000010", "+", "Imported from organisations.csv"),
    ]
    assert "Done" in visible_text(page)
    assert "1 organisations added, 1 changed, 1 refused rows skipped." in visible_text(page)


@pytest.mark.django_db
def test_confirming_twice_is_refused(importer_client, django_capture_on_commit_callbacks):
    upload(importer_client, csv_upload(HEADER, "Solo,DE,other,,900000040,,"))
    job = DirectoryImport.objects.get()
    confirm = reverse("admin:consortia_organisation_import_confirm", args=[job.pk])

    with django_capture_on_commit_callbacks(execute=True):
        importer_client.post(confirm)
    response = importer_client.post(confirm, follow=True)

    assert "This import was confirmed already." in visible_text(response)
    assert Organisation.objects.filter(pic="900000040").count() == 1


@pytest.mark.django_db
def test_import_whose_file_is_gone_fails_with_the_reason(
    importer_client, django_capture_on_commit_callbacks
):
    upload(importer_client, csv_upload(HEADER, "Solo,DE,other,,900000040,,"))
    job = DirectoryImport.objects.get()
    storages["imports"].delete(job.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        importer_client.post(reverse("admin:consortia_organisation_import_confirm", args=[job.pk]))
    response = importer_client.get(job.get_absolute_url())

    assert response.status_code == 200
    assert "Failed" in visible_text(response)
    assert "The uploaded file is no longer kept; upload it again." in visible_text(response)
    assert not Organisation.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_large_file_is_applied_by_the_worker_with_progress_and_history(
    celery_worker, client, settings, monkeypatch
):
    settings.IMPORT_SYNC_MAX_ROWS = 10
    monkeypatch.setattr(directory_import, "APPLY_BATCH", 10)
    importer = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(importer)
    content = directory_files.csv_file(sample_rows(35, seed=7))
    file = io.BytesIO(content)
    file.name = "big.csv"
    upload(client, file)
    job = DirectoryImport.objects.get()

    preview_page = client.get(job.get_absolute_url())
    client.post(reverse("admin:consortia_organisation_import_confirm", args=[job.pk]))
    job = wait_for_outcome(job)
    page = client.get(job.get_absolute_url())

    assert "applied in the background" in visible_text(preview_page)
    assert (job.status, job.progress, job.created_count, job.new) == ("done", 100, 35, 35)
    assert storages["imports"].exists(job.file.name)
    assert (
        Organisation.history.filter(
            history_user=importer, history_change_reason="Imported from big.csv"
        ).count()
        == 35
    )
    assert "35 organisations added, 0 changed, 0 refused rows skipped." in visible_text(page)
    assert 'http-equiv="refresh"' not in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_background_import_reads_its_file_from_the_bucket(
    celery_worker, client, settings, s3_server, imports_dir
):
    """With S3_BUCKET set the worker reads the upload from the bucket: nothing on a disk of the
    web process is needed, as when the worker runs on another machine."""
    bucket = s3_server.empty_bucket()
    settings.STORAGES = {
        **settings.STORAGES,
        "imports": private_storage("imports", s3=s3_server.options(bucket)),
    }
    settings.IMPORT_SYNC_MAX_ROWS = 10
    importer = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(importer)
    file = io.BytesIO(directory_files.csv_file(sample_rows(20, seed=3)))
    file.name = "from-the-bucket.csv"
    upload(client, file)
    job = DirectoryImport.objects.get()

    client.get(job.get_absolute_url())
    client.post(reverse("admin:consortia_organisation_import_confirm", args=[job.pk]))
    job = wait_for_outcome(job)

    assert storages["imports"].exists(job.file.name)
    assert not imports_dir.exists()
    assert (job.status, job.created_count, job.error) == ("done", 20, "")
    assert Organisation.objects.count() == 20


def wait_for_outcome(job: DirectoryImport, timeout: float = 20) -> DirectoryImport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"the import is still {job.status}")


@pytest.mark.django_db
def test_running_job_page_shows_progress_and_reloads_itself(importer_client, importer):
    job = DirectoryImport.objects.create(
        filename="big.csv", status="running", progress=40, rows=5000, created_by=importer
    )

    page = importer_client.get(job.get_absolute_url())

    assert "Running: 40%" in visible_text(page)
    assert '<meta http-equiv="refresh" content="2">' in page.content.decode()


HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
]


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_export_keeps_the_filter_escapes_formulas_and_imports_back_unchanged(
    importer_client, format
):
    for number, name in enumerate(HOSTILE):
        OrganisationFactory(legal_name=name, country="DE", pic=f"90000010{number}")
    OrganisationFactory(legal_name="Université de Lyon", country="FR", website="https://u.fr")

    response = importer_client.get(
        reverse("admin:consortia_organisation_export", args=[format]) + "?country=DE"
    )
    exported = io.BytesIO(response.content)
    exported.name = f"back.{format}"
    names = exported_names(response.content, format)
    upload(importer_client, exported)
    preview = services.job_preview(DirectoryImport.objects.get())

    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert names == (sorted(HOSTILE) if format == "xlsx" else sorted("'" + n for n in HOSTILE))
    assert preview.counts == {"new": 0, "changed": 0, "unchanged": 4, "refused": 0}


def exported_names(content: bytes, format: str) -> list[str]:
    """The legal names as a spreadsheet reads them; an XLSX cell must be text, not a formula."""
    if format == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]
        return sorted(row[0] for row in rows)
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert {cell.data_type for cell in cells} == {"s"}
    return sorted(cell.value for cell in cells)


def test_shipped_sample_is_what_the_script_makes():
    assert SAMPLE.read_bytes() == directory_files.csv_file(sample_rows(1000, seed=1))


@pytest.mark.django_db
def test_shipped_sample_imports_without_refused_rows(
    importer_client, django_capture_on_commit_callbacks
):
    with SAMPLE.open("rb") as file:
        response = upload(importer_client, file)

    page = importer_client.get(response["Location"])
    job = DirectoryImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        importer_client.post(reverse("admin:consortia_organisation_import_confirm", args=[job.pk]))
    job.refresh_from_db()

    assert "1000 rows: 1000 new, 0 changed, 0 unchanged, 0 refused." in visible_text(page)
    assert (job.status, job.created_count, job.refused) == ("done", 1000, 0)
    assert Organisation.objects.count() == 1000


def xlsx_with_formula() -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["legal_name", "country", "kind"])
    sheet.append(["=1+2", "DE", "other"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "formula.xlsx"
    return out


def named(content: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (
            lambda: named("legal_name,country,kind\nCafé,DE,other\n".encode("latin-1"), "o.csv"),
            'The file is not UTF-8 text (byte 28). Save it as "CSV UTF-8" or as an Excel workbook.',
        ),
        (
            lambda: named(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "o.csv"),
            "The file is not UTF-8 text (byte 1).",
        ),
        (
            lambda: named(b"legal_name,country,kind\nA\x00,DE,other\n", "o.csv"),
            "The file holds null characters: it is not a CSV file.",
        ),
        (
            lambda: named(b"," * 1_000_000 + b"\nA,DE,other\n", "o.csv"),
            "The first row has 1000001 columns; a directory file has at most 12.",
        ),
        (
            lambda: named(b"legal_name,country,kind\n" + b"x," * 100 + b"\n", "o.csv"),
            "Row 2 has 101 cells; a directory file has 12 columns.",
        ),
        (lambda: xlsx_with_formula(), "Row 2 holds a formula (=1+2): type its value instead."),
        (
            lambda: named(b"PK\x03\x04 not really a workbook", "o.xlsx"),
            "The file is not an Excel workbook (.xlsx) that can be read.",
        ),
        (lambda: named(b"legal_name,country,kind\n", "o.pdf"), "Upload a .csv or .xlsx file."),
        (
            lambda: named(b"name,land\nA,DE\n", "o.csv"),
            "The first row must name the columns, each once: legal_name, country, kind are "
            "required",
        ),
        (
            lambda: named(b"legal_name,country,kind\n" + b"A,DE,other\n" * 6, "o.csv"),
            "The file has more than 5 rows; split it.",
        ),
    ],
    ids=[
        "latin-1",
        "binary",
        "null-characters",
        "million-columns",
        "wide-row",
        "xlsx-formula",
        "broken-xlsx",
        "wrong-extension",
        "unknown-columns",
        "too-many-rows",
    ],
)
def test_hostile_file_gets_a_clear_message_and_nothing_is_kept(
    importer_client, settings, make_file, message
):
    settings.DIRECTORY_IMPORT_MAX_ROWS = 5

    response = upload(importer_client, make_file())

    assert response.status_code == 200
    assert message in visible_text(response)
    assert not DirectoryImport.objects.exists()


@pytest.mark.django_db
def test_file_over_the_size_limit_is_refused_before_it_is_read(importer_client, settings):
    settings.DIRECTORY_IMPORT_MAX_BYTES = 2**20

    response = upload(importer_client, named(b"x" * (2 * 2**20), "o.csv"))

    assert response.status_code == 200
    assert "The file is larger than 1 MB; split it." in visible_text(response)
    assert not DirectoryImport.objects.exists()


def role(name: str):
    if name == "anonymous":
        return None
    if name == "coordinator":
        return UserFactory()
    user = UserFactory(is_staff=True)
    if name == "reviewer":
        if not Group.objects.filter(name="Reviewers").exists():  # flushed by a transaction test
            import_module("consortia.migrations.0006_reviewers_group").create_reviewers(apps, None)
        user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "import_status", "export_status"),
    [
        ("anonymous", 302, 302),
        ("coordinator", 302, 302),
        ("staff without permissions", 403, 403),
        ("reviewer", 403, 200),
    ],
    ids=["anonymous", "coordinator", "staff", "reviewer"],
)
def test_only_admins_who_change_organisations_import(
    client, importer, who, import_status, export_status
):
    user = role(who)
    if user:
        client.force_login(user)
    job = DirectoryImport.objects.create(filename="o.csv", created_by=importer, file="x/o.csv")
    import_urls = [
        reverse("admin:consortia_organisation_import"),
        reverse("admin:consortia_organisation_import_job", args=[job.pk]),
        reverse("admin:consortia_organisation_import_refused", args=[job.pk]),
    ]

    statuses = [client.get(url).status_code for url in import_urls]
    confirm = client.post(reverse("admin:consortia_organisation_import_confirm", args=[job.pk]))
    post = client.post(import_urls[0], {"file": csv_upload(HEADER, "A,DE,other,,,,")})
    export = client.get(reverse("admin:consortia_organisation_export", args=["csv"]))

    assert statuses == [import_status] * 3
    assert (confirm.status_code, post.status_code) == (import_status, import_status)
    assert export.status_code == export_status
    assert DirectoryImport.objects.get().status == "previewed"
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_organisation_list_offers_import_and_the_filtered_export(client, importer):
    reviewer = role("reviewer")
    list_url = reverse("admin:consortia_organisation_changelist") + "?country=DE"

    client.force_login(importer)
    for_importer = client.get(list_url).content.decode()
    client.force_login(reviewer)
    for_reviewer = client.get(list_url).content.decode()

    import_link = reverse("admin:consortia_organisation_import")
    export_link = reverse("admin:consortia_organisation_export", args=["xlsx"]) + "?country=DE"
    assert (import_link in for_importer, export_link in for_importer) == (True, True)
    assert (import_link in for_reviewer, export_link in for_reviewer) == (False, True)


@pytest.mark.django_db
def test_list_of_imports_links_each_page_for_importers_only(client, importer):
    job = DirectoryImport.objects.create(filename="spring.csv", created_by=importer, rows=3)
    list_url = reverse("admin:consortia_directoryimport_changelist")

    client.force_login(importer)
    for_importer = client.get(list_url)
    client.force_login(role("reviewer"))
    for_reviewer = client.get(list_url)

    assert f'<a href="{job.get_absolute_url()}">spring.csv</a>' in for_importer.content.decode()
    assert for_reviewer.status_code == 403
