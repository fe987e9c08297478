"""One module per screen family; each route calls one query function and renders."""
