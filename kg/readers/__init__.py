"""Source readers: each turns one input format into the source-independent model."""
