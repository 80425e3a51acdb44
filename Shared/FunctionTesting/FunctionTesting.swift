// `FunctionTesting`: filled by its issue.
