// `CloudEvents`: filled by its issue.
