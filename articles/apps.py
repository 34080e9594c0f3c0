from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from articles import changes, navigation, pagecache, rendering

        changes.connect_signals()
        pagecache.connect_signals()
        rendering.connect_signals()
        navigation.connect_signals()
