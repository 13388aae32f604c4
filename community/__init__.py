"""The community app: the people on the maps. It owns members (accounts, profiles, consent, their
data rights), places (the gazetteer they live in), a condition's map (figures counted from
memberships, suppressed for visitors), connections between members with their messages and
moderation, and the writing side of answers. One folder per feature, models in models/; the design
is in docs/design.md. `conditions` never imports this app."""
