"""Whether this installation can serve: database reachable and migrated, assets built.

Each problem is a sentence an operator can act on, so `casetrail serve` can
refuse to start with it instead of failing on the first request.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor


def readiness_problems() -> list[str]:
    problems = _database_problems()
    if finders.find("casetrail/build/casetrail.css") is None:
        problems.append("The front-end assets are not built: run scripts/build-assets.")
    elif _static_files_uncollected():
        problems.append(
            "The static files are not collected: run `casetrail collectstatic --noinput`."
        )
    return problems


def _static_files_uncollected() -> bool:
    # The manifest storage serves hashed names it learns from collectstatic; without
    # its manifest every page would fail.
    storage = staticfiles_storage
    return isinstance(storage, ManifestFilesMixin) and not storage.exists(storage.manifest_name)


def _database_problems() -> list[str]:
    where = _database_description()
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return [f"Cannot use the database at {where}: {str(error).strip()}"]
    if pending:
        return [
            f"The database at {where} needs {len(pending)} migration(s): run `casetrail migrate`."
        ]
    return []


def _database_description() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return str(db["NAME"])
    return f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"
