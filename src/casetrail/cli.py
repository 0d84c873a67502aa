"""The `casetrail` command: Django's management commands with casetrail's settings.

Operators use this instead of manage.py. Configuration and database faults
are reported as one readable line, not a traceback.
"""

from __future__ import annotations

import os
import sys

# The commands an operator needs, in the order they are usually met.
OPERATOR_COMMANDS = {
    "demo": "Set up a local demo (SQLite, demo users) and serve it on 127.0.0.1 (--port).",
    "serve": "Serve casetrail with gunicorn (--bind, --workers).",
    "migrate": "Create or update the database tables.",
    "createuser": "Create a user in an agency with one role.",
    "unlock": "Lift the sign-in lockout of a username.",
    "token": "Create, revoke or list personal API tokens (create USER --name NAME).",
    "check": "Check the configuration (add --deploy for production).",
    "verify": "Verify the chronology's hash chains and checkpoints, then add a checkpoint.",
    "checkpoint": "Record a checkpoint of the chronology (run it periodically).",
    "rebuild": "Replay the chronology into case state: --check compares, --apply fixes.",
    "case": "Show where a case stands and what its guards still need (--as USER).",
    "dashboard": "Print the compliance signals and reviews due (--as USER).",
    "import": "Import people from an older system's file, joining duplicates (--report DIR).",
    "collectstatic": "Gather static files for serving (run after each upgrade).",
    "changepassword": "Set a user's password.",
    "showmigrations": "List migrations and whether each is applied.",
    "dbshell": "Open the database's own shell.",
}

# casetrail's own commands that are not for operators: they only explain a refusal.
HIDDEN_COMMANDS = {"flush", "createsuperuser"}


def usage() -> str:
    width = max(len(name) for name in OPERATOR_COMMANDS)
    lines = [
        "usage: casetrail <command> [options]",
        "",
        "Multi-agency safeguarding case management.",
        "",
        "commands:",
        *(f"  {name:<{width}}  {text}" for name, text in OPERATOR_COMMANDS.items()),
        "",
        "`casetrail <command> --help` describes a command's options;",
        "`casetrail help --all` lists every command, including Django's own.",
        "Configuration comes from CASETRAIL_* environment variables (docs/operations.md).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"} or args == ["help"]:
        print(usage())
        return 0
    if args[0] == "demo":
        os.environ.setdefault("CASETRAIL_MODE", "demo")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetrail.settings")
    return _run(args)


def _run(args: list[str]) -> int:
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    from casetrail.config import ConfigError

    if args == ["help", "--all"]:
        args = ["help"]
    try:
        django.setup()
        execute_from_command_line(["casetrail", *args])
        sys.stdout.flush()  # here, where a closed pipe can be caught below
    except (ImproperlyConfigured, ConfigError) as error:
        print(f"casetrail: configuration error: {error}", file=sys.stderr)
        return 2
    except EOFError:
        print("\ncasetrail: stopped: no more input", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Every command writes in transactions: what was done stands, the rest was undone.
        print(
            "\ncasetrail: stopped: interrupted. An import resumes where it stopped when run again.",
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`casetrail dashboard … | head`): nothing is wrong.
        # Point stdout at nothing so Python's own flush at exit does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except DatabaseError as error:
        print(
            f"casetrail: the database could not be used: {str(error).strip()}\n"
            "Check CASETRAIL_DATABASE_URL, that the database server is running, "
            "and run `casetrail migrate`.",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
