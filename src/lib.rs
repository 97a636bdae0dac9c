//! Duet app (placeholder while the workspace is set up).
