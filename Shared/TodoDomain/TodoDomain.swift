// `TodoDomain`: filled by its issue.
