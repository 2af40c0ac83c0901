from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "altprov.core"
    verbose_name = "Core"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from . import append_only

        connection_created.connect(
            append_only.register_sqlite_function, dispatch_uid="altprov_append_only_sqlite"
        )
        # Sent for each app after every migrate (and flush): each installs its own triggers.
        post_migrate.connect(append_only.install_after_migrate, dispatch_uid="altprov_append_only")
