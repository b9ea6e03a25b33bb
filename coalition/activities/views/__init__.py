"""Pages of the activities app. Views ask `policy` what to show; the services enforce.

A record the user may not see is a 404; one they see but may not change is a 403."""
