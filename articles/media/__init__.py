"""Pictures: uploads judged by their content, renditions made with Pillow."""
