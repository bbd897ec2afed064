from django.apps import AppConfig
from django.db.backends.signals import connection_created


class AuditConfig(AppConfig):
    name = "alongside.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from alongside.audit.purge import register_sqlite_function

        # Infrastructure, not a domain rule: SQLite needs the function the append-only
        # trigger calls on every new connection.
        connection_created.connect(register_sqlite_function, dispatch_uid="audit_sqlite_fn")
