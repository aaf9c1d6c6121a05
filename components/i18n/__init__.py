"""The app's own part of the words: Markdown escaping for data shown in elements that render
Markdown. The words themselves (both languages, shared with the printed map and the command
line) are ``geo.words``."""

from components.i18n.markdown import md_escape

__all__ = ["md_escape"]
