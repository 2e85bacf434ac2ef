"""Property-based tests (hypothesis) over every form of the app."""
