-- The targets Warden has watched, and the server version each last reported.
CREATE TABLE warden.targets (
    name               text PRIMARY KEY,
    server_version     text NOT NULL,
    first_connected_at timestamptz NOT NULL DEFAULT now(),
    last_connected_at  timestamptz NOT NULL DEFAULT now()
);
