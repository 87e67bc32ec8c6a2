"""What the pairs mean: lineage (which text came from which), source credits, clusters, the
corpus spelling table and reuse classes."""
