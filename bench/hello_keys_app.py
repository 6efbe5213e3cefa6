"""The key-press reference: the bare hello world, where a digit key rewrites the Static.

The smallest possible repaint a key can cause in Textual, for figure d.
"""

from textual import events
from textual.widgets import Static

from hello_app import HelloApp


class HelloKeysApp(HelloApp):
    """Hello world; pressing a digit shows it in the Static."""

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            self.query_one(Static).update(f"Hello {event.character}")


if __name__ == "__main__":
    HelloKeysApp().run()
