"""private_storage(folder): a private folder's STORAGES entry, on the local disk or in S3."""

from pathlib import Path

from portal.settings import VAR_DIR, private_storage

S3 = {
    "bucket_name": "portal",
    "endpoint_url": "http://seaweedfs:8333",
    "region_name": "us-east-1",
    "access_key": "portal",
    "secret_key": "secret",
}


def test_without_a_bucket_files_stay_on_the_local_disk_under_var_private(monkeypatch):
    monkeypatch.delenv("IMPORTS_DIR", raising=False)

    entry = private_storage("imports", s3={**S3, "bucket_name": ""})

    assert entry == {
        "BACKEND": "consortia.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "private" / "imports"},
    }


def test_folder_variable_moves_the_local_folder(monkeypatch):
    monkeypatch.setenv("EXPORTS_DIR", "/srv/shared/exports")

    entry = private_storage("exports", s3={**S3, "bucket_name": ""})

    assert entry["OPTIONS"] == {"location": Path("/srv/shared/exports")}


def test_with_a_bucket_files_go_under_the_folders_key_prefix():
    assert private_storage("exports", s3=S3) == {
        "BACKEND": "consortia.s3.PrivateS3Storage",
        "OPTIONS": {**S3, "location": "exports"},
    }
