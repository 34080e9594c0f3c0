"""The newsroom's work on an article: roles and their rules,
revisions, previews, the editor's Markdown endpoints.
"""
