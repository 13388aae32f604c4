"""Connections between members: requests and their answers, blocks, private messages with their
email notifications, and reports of a member or a message to the moderators (pages and API). The
models are in community/models/connections.py and community/models/moderation.py."""
