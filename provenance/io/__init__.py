"""The edges of the pipeline on disk: reading article files in every input format, and writing
results atomically."""
