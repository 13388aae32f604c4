"""Asking for a condition's map: the member's form (suggestions first), the curators' decision in
the admin, and the emails telling each member who asked. The models are in
community/models/condition_requests.py."""
