// `Crypto`: filled by its issue.
