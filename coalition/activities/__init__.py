"""The coalition's own work: awareness activities, stakeholders, funding calls and joint bids."""
