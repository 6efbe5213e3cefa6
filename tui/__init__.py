"""NerveCheck's terminal UI (Textual). Holds no clinical logic: it asks ``engine``."""
