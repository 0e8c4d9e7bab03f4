"""Reading documents, the spaCy pipeline and its rule components, resolution, merging."""
