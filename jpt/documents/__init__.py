"""Rendered PDFs of the application's documents (a mission report, a monthly trend summary).

The shared layer: it imports no app. Each app above registers the renderer of its kind in its
``AppConfig.ready`` (``jpt.documents.registry``).
"""
