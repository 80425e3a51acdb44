// `Storage`: filled by its issue.
