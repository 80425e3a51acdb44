#pragma once
#include <sqlite3.h>

/// `SQLITE_TRANSIENT` is a function-pointer macro that does not import: binds that copy their bytes use this.
static inline int csqlite_bind_text_transient(sqlite3_stmt *statement, int index, const char *text, int length) {
    return sqlite3_bind_text(statement, index, text, length, SQLITE_TRANSIENT);
}
/// Wraps `sqlite3_bind_blob` with `SQLITE_TRANSIENT`.
static inline int csqlite_bind_blob_transient(sqlite3_stmt *statement, int index, const void *bytes, int length) {
    return sqlite3_bind_blob(statement, index, bytes, length, SQLITE_TRANSIENT);
}
