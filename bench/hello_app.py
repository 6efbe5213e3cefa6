"""The baseline of issue 8: a bare Textual hello world (Header, Static, Footer).

Run as a script (``python bench/hello_app.py``); ``ctrl+q`` quits, as in NerveCheck.
"""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class HelloApp(App[None]):
    """Header, one Static and Footer: nothing else."""

    TITLE = "Bare"  # so the marker "Hello" appears only once the Static is painted

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello")
        yield Footer()


if __name__ == "__main__":
    HelloApp().run()
