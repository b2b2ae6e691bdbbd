"""dossier: news reports about states' military cooperation, as a sourced, structured record."""

__version__ = "0.1.0"
