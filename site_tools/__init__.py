"""Helpers behind tasks.py: the dev server, new posts, publishing, and checks of a built site."""
