"""The private storages: ``STORAGES["exports"]`` (exported files) and ``STORAGES["imports"]``
(uploaded directory files, read again by the worker that applies them), resolved lazily (like
Django's default storage) so that a change of the setting takes effect, in tests too."""

from typing import Any

from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class ExportStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = storages["exports"]


class ImportStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = storages["imports"]


export_storage = ExportStorage()
import_storage = ImportStorage()


def exports() -> ExportStorage:
    """The storage of ``ExportJob.file`` (a callable, so that migrations name it)."""
    return export_storage


def imports() -> ImportStorage:
    """The storage of ``DirectoryImport.file``."""
    return import_storage


@receiver(setting_changed)
def forget_private_storages(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        export_storage._wrapped = empty
        import_storage._wrapped = empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk with no URL at all: they are served only by views that check permission."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files are not accessible via a URL; use the download view.")
