from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles.delivery import changes, purge
        from articles.reader import breaking, navigation

        changes.connect_signals()
        purge.connect_signals()
        navigation.connect_signals()
        breaking.connect_signals()
