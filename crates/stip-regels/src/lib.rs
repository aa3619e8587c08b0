//! The omgevingsdocument model, importers per format, and the query "what applies here".
