"""Members: signing up and the profile, joining and leaving a condition's map, the member's page,
consent to process health data, their data (export and deletion) and the API for their own
profile and memberships."""
