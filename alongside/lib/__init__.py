"""Topic modules shared by every app (see docs/architecture.md)."""
