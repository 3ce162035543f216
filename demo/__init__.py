"""The demo council (``manage.py load_demo``): it stands above every app, and no app imports it."""
