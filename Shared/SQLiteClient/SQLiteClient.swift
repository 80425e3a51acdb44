// `SQLiteClient`: filled by its issue.
