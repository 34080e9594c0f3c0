"""Read an admin change form as a browser would submit it."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The name/value pairs a browser posts for the page's main form (no button pressed)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea, self._multiple = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if name and "__prefix__" in name:  # the template rows for "Add another", never posted
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select" and name:
            # A multiple select with nothing chosen sends nothing at all.
            self._select, self._multiple = name, "multiple" in attrs
            self.data.setdefault(name, [] if self._multiple else "")
        elif tag == "option" and self._select and "selected" in attrs:
            value = attrs.get("value", "")
            if self._multiple:
                self.data[self._select].append(value)
            else:
                self.data[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            # Browsers drop the newline that opens a textarea's content.
            start = not self.data[self._textarea]
            self.data[self._textarea] += data.removeprefix("\n") if start else data


def form_data(response):
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.data
