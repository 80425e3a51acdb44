// `FunctionRuntime`: filled by its issue.
