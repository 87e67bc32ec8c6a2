"""One document's text: typography folding, sentences and words, numbers, names, quotations,
site boilerplate and metadata, each with offsets back to the original."""
