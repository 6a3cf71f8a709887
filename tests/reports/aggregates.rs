//! Roll-ups checked against an independent count of what the sandbox serves.
