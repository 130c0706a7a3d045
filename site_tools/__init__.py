"""Helpers behind tasks.py: the dev server, new posts, and checks of a built site."""
