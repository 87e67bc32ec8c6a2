"""One pair of documents: signatures, LSH candidates, sentence alignment, the changes inside it,
quote fidelity and reused passages."""
