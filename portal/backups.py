"""Consistent backups of the portal: its database, then its private files (exports, imports).

A backup is a folder holding ``manifest.json``, the database (``database.dump``, pg_dump's
custom format, or ``database.sqlite3`` in embedded mode) and ``files/<storage>/<name>``. The
database is dumped first, as one snapshot. Private files are written before the row that names
them commits and are never rewritten or deleted, so every file a dumped row names exists when the
files are copied next; files newer than the dump are copied too, harmlessly. The manifest lists
every file with its size and SHA-256, and a restore checks them all before it writes anything.

The storages are read through Django's storage API, so the same code copies a local folder or
an S3 bucket. For very large object stores, a bucket-to-bucket sync (``rclone``, ``aws s3
sync``) after the dump keeps the same order; see README.md, "Backups".
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
# Rebuilt from the code (collectstatic), so not backed up.
NOT_BACKED_UP = {"staticfiles"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    database: str
    files: int
    bytes: int


def backed_up_storages() -> list[str]:
    return [name for name in settings.STORAGES if name not in NOT_BACKED_UP]


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file's name in a storage, depth first; nothing when its folder does not exist."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from walk(storage, f"{folder}/{name}" if folder else name)


def copy_and_hash(source: Any, target: Any) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def postgres_environment() -> dict[str, str]:
    """libpq's variables for the default database, so that no password is on a command line."""
    db = settings.DATABASES["default"]
    values = {
        "PGDATABASE": db["NAME"],
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def run(command: list[str]) -> None:
    try:
        subprocess.run(  # noqa: S603 (fixed programs, arguments of our own)
            command, env=postgres_environment(), check=True, capture_output=True, text=True
        )
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def dump_database(folder: Path) -> str:
    if connection.vendor == "postgresql":
        run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
             f"--file={folder / 'database.dump'}"])  # fmt: skip
        return "database.dump"
    if connection.vendor == "sqlite":
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        target = sqlite3.connect(folder / "database.sqlite3")
        with target:
            source.backup(target)
        source.close()
        target.close()
        return "database.sqlite3"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def copy_files(folder: Path) -> list[dict[str, Any]]:
    listed = []
    for storage_name in backed_up_storages():
        storage = storages[storage_name]
        for name in walk(storage):
            target = folder / "files" / storage_name / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, target.open("wb") as copy:
                size, sha256 = copy_and_hash(source, copy)
            listed.append({"storage": storage_name, "name": name, "size": size, "sha256": sha256})
    return listed


def backup(folder: Path) -> Summary:
    """Write a backup into ``folder``, which must not exist yet (a half-written one is removed)."""
    if folder.exists():
        raise BackupError(f"{folder} exists already: give a new folder for each backup.")
    folder.mkdir(parents=True)
    try:
        started = timezone.now()
        database = dump_database(folder)
        files = copy_files(folder)
        manifest = {
            "format": FORMAT_VERSION,
            "started_at": started.isoformat(),
            "finished_at": timezone.now().isoformat(),
            "database": {"vendor": connection.vendor, "file": database},
            "migrations": MigrationRecorder(connection).migration_qs.count(),
            "files": files,
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return Summary(database=database, files=len(files), bytes=sum(f["size"] for f in files))


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{folder} holds no manifest.json: is it a backup?") from error
    except ValueError as error:
        raise BackupError(f"{folder}/manifest.json is not valid JSON.") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file of the manifest present with its size and hash, and the database file there."""
    if not (folder / manifest["database"]["file"]).is_file():
        raise BackupError(f"The database file {manifest['database']['file']} is missing.")
    for entry in manifest["files"]:
        path = folder / "files" / entry["storage"] / entry["name"]
        if not path.is_file() or file_hash(path) != entry["sha256"]:
            raise BackupError(f"{path} is missing or differs from the manifest: not restored.")
        if entry["storage"] not in settings.STORAGES:
            raise BackupError(f"This installation has no storage {entry['storage']!r}.")


def database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def check_target(manifest: dict[str, Any]) -> None:
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup holds a {manifest['database']['vendor']} database; this installation "
            f"uses {connection.vendor}."
        )
    if not database_is_empty():
        raise BackupError("The database is not empty: restore into a new, empty database.")


def restore_database(folder: Path, manifest: dict[str, Any]) -> None:
    source = folder / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        connection.close()
        run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", f"--dbname={settings.DATABASES['default']['NAME']}",
             str(source)])  # fmt: skip
    else:
        connection.close()
        shutil.copyfile(source, settings.DATABASES["default"]["NAME"])


def restore_files(folder: Path, manifest: dict[str, Any]) -> None:
    """Each file under its own name; one already there must be the same file."""
    for entry in manifest["files"]:
        storage, name = storages[entry["storage"]], entry["name"]
        path = folder / "files" / entry["storage"] / name
        if storage.exists(name):
            with storage.open(name, "rb") as present:
                if hashlib.file_digest(present, "sha256").hexdigest() == entry["sha256"]:
                    continue
            raise BackupError(f"{entry['storage']}/{name} exists with other content.")
        with path.open("rb") as file:
            saved = storage.save(name, File(file))
        if saved != name:
            raise BackupError(f"{entry['storage']}/{name} was saved as {saved}.")


def restore(folder: Path) -> Summary:
    """Files first (a second run skips those already there), the database last: a restore that
    stopped half-way can be run again, as the database is still empty."""
    manifest = read_manifest(folder)
    verify(folder, manifest)
    check_target(manifest)
    restore_files(folder, manifest)
    restore_database(folder, manifest)
    files = manifest["files"]
    return Summary(
        database=manifest["database"]["file"],
        files=len(files),
        bytes=sum(f["size"] for f in files),
    )
