"""The portal's settings as production reads them (DEBUG off), for the processes of the
stateless test, with one change: static files without WhiteNoise's manifest. Collecting and
compressing them takes about 40 s on these machines, and that test is not about them."""

from portal.settings import *  # noqa: F403 (all of them, as the portal reads them)
from portal.settings import STORAGES

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
