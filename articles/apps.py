from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles import navigation
        from articles.delivery import changes, purge

        changes.connect_signals()
        purge.connect_signals()
        navigation.connect_signals()
