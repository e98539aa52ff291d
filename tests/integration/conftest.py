"""Fixtures of the integration tests: moving the test database between migrations."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Migrator:
    """Moves the test database to the state just before or just after one migration and gives
    that state's models (``apps``), for tests of data migrations."""

    def migrate(self, targets: list[tuple[str, str]]):
        MigrationExecutor(connection).migrate(targets)
        # A new executor: its loader reads what is applied now.
        return MigrationExecutor(connection).loader.project_state(targets).apps

    def before(self, app: str, name: str):
        """The state its dependencies in the same app give (whatever their names)."""
        node = MigrationExecutor(connection).loader.graph.node_map[app, name]
        return self.migrate([parent.key for parent in node.parents if parent.key[0] == app])

    def after(self, app: str, name: str):
        return self.migrate([(app, name)])


@pytest.fixture
def migrator(transactional_db):
    """On committed data (migrations run their own transactions); the database is migrated to
    the latest state again at the end, then flushed as every such test's is."""
    yield Migrator()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
