"""Pictures and Markdown: uploads, renditions, the renderer."""
