// `Idempotency`: filled by its issue.
