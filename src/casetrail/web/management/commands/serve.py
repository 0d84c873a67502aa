"""`casetrail serve`: run the production server (gunicorn) once the installation is ready."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication

from casetrail import config
from casetrail.web.readiness import readiness_problems


class Command(BaseCommand):
    help = "Serve casetrail with gunicorn (several workers; put it behind a load balancer)."
    requires_system_checks = []

    def add_arguments(self, parser):
        env = config.from_os()
        parser.add_argument(
            "--bind",
            default=env.text("CASETRAIL_BIND", "127.0.0.1:8000"),
            help="address:port to listen on (default: CASETRAIL_BIND or 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=env.integer("CASETRAIL_WORKERS", default=2, minimum=1),
            help="worker processes (default: CASETRAIL_WORKERS or 2)",
        )
        parser.add_argument("--timeout", type=int, default=30, help="seconds per request")

    def handle(self, *args, **options):
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1")
        problems = readiness_problems()
        if problems:
            raise CommandError("casetrail is not ready to serve:\n  " + "\n  ".join(problems))
        self.stdout.write(f"casetrail serving on http://{options['bind']}/ (Ctrl-C stops it)")
        gunicorn_run(bind=options["bind"], workers=options["workers"], timeout=options["timeout"])


class _Server(BaseApplication):
    def __init__(self, options: dict[str, object]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from casetrail.wsgi import application

        return application


def gunicorn_run(*, bind: str, workers: int, timeout: int) -> None:
    options = {
        "bind": bind,
        "workers": workers,
        "timeout": timeout,
        "accesslog": "-",
        "errorlog": "-",
        # The database connections must be opened by each worker, not shared from the parent.
        "preload_app": False,
        # casetrail is managed by its own commands, not gunicorn's control socket.
        "control_socket_disable": True,
    }
    _Server(options).run()
