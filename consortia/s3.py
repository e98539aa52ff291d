"""Private files in an S3-compatible bucket: ``PrivateS3Storage``, the backend that
``portal.settings.private_storage`` names when S3_BUCKET is set. A module of its own, imported
only then: boto3 takes about 0.4 s to import, which every process would pay otherwise."""

from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """Objects private to the portal's keys, and with no URL either: the download view streams
    them after its permission check, so the bucket's endpoint need not be reachable from
    browsers and no link outlives the check."""

    default_acl = "private"
    file_overwrite = False  # a second file of the same name is renamed, as on the local disk
    # Bounded waits: a page or a worker waits seconds at most on a storage that hangs.
    client_config = Config(
        connect_timeout=2,
        read_timeout=10,
        retries={"mode": "standard", "max_attempts": 3},
        s3={"addressing_style": "path"},  # SeaweedFS's and MinIO's; AWS accepts it too
        signature_version="s3v4",
    )

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise ValueError("Private files are not accessible via a URL; use the download view.")

    def _open(self, name: str, mode: str = "rb") -> Any:
        """The object, FileNotFoundError when it is not there (as on the local disk), and an
        OSError when the storage cannot be reached or refuses, rather than boto3's own errors,
        so that callers handle both storages alike."""
        try:
            return super()._open(name, mode)
        except (BotoCoreError, ClientError) as error:
            raise OSError(f"The S3 storage did not give {name}: {error}") from error
