// `Dapr`: filled by its issue.
