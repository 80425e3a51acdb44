#pragma once
#include <dlfcn.h>
#include <postgresql/libpq-fe.h>

// libpq is opened with dlopen when the first PostgreSQL connection opens, not linked: its dependency graph (GSSAPI
// and krb5, libldap with GnuTLS, ...) costs the dynamic loader milliseconds at every process start, and a function
// on SQLite never needs it. `PostgresClient`'s `LibPQ` holds the one table.

/// The soname opened (Debian's libpq-dev links the same one).
#define CPQ_LIBRARY "libpq.so.5"

/// libpq's entry points, each typed from its prototype in libpq-fe.h (so a mismatch is a compile error) and named
/// as the C function: `api->PQconnectdb(url)`.
typedef struct cpq_api {
    __typeof__(PQconnectdb) *_Nonnull PQconnectdb;
    __typeof__(PQconnectdbParams) *_Nonnull PQconnectdbParams;
    __typeof__(PQstatus) *_Nonnull PQstatus;
    __typeof__(PQerrorMessage) *_Nonnull PQerrorMessage;
    __typeof__(PQfinish) *_Nonnull PQfinish;
    __typeof__(PQtransactionStatus) *_Nonnull PQtransactionStatus;
    __typeof__(PQbackendPID) *_Nonnull PQbackendPID;
    __typeof__(PQexec) *_Nonnull PQexec;
    __typeof__(PQprepare) *_Nonnull PQprepare;
    __typeof__(PQexecPrepared) *_Nonnull PQexecPrepared;
    __typeof__(PQresultStatus) *_Nonnull PQresultStatus;
    __typeof__(PQresultErrorField) *_Nonnull PQresultErrorField;
    __typeof__(PQresultErrorMessage) *_Nonnull PQresultErrorMessage;
    __typeof__(PQclear) *_Nonnull PQclear;
    __typeof__(PQntuples) *_Nonnull PQntuples;
    __typeof__(PQnfields) *_Nonnull PQnfields;
    __typeof__(PQfname) *_Nonnull PQfname;
    __typeof__(PQgetisnull) *_Nonnull PQgetisnull;
    __typeof__(PQgetvalue) *_Nonnull PQgetvalue;
    __typeof__(PQcmdTuples) *_Nonnull PQcmdTuples;
    __typeof__(PQenterPipelineMode) *_Nonnull PQenterPipelineMode;
    __typeof__(PQexitPipelineMode) *_Nonnull PQexitPipelineMode;
    __typeof__(PQsendQueryParams) *_Nonnull PQsendQueryParams;
    __typeof__(PQsendQueryPrepared) *_Nonnull PQsendQueryPrepared;
    __typeof__(PQpipelineSync) *_Nonnull PQpipelineSync;
    __typeof__(PQgetResult) *_Nonnull PQgetResult;
} cpq_api;

/// Opens libpq and fills `api` with its entry points.
/// Returns NULL on success, otherwise why not (dlerror's text, or the missing symbol's name; a static string or
/// one dlerror owns, to be copied at once). On failure `api` is left partly filled and must not be used.
static inline const char *_Nullable cpq_load(cpq_api *_Nonnull api) {
    void *library = dlopen(CPQ_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return dlerror();
#define CPQ_SYMBOL(name) \
    if ((*(void **)&api->name = dlsym(library, #name)) == NULL) return CPQ_LIBRARY " has no symbol " #name;
    CPQ_SYMBOL(PQconnectdb)
    CPQ_SYMBOL(PQconnectdbParams)
    CPQ_SYMBOL(PQstatus)
    CPQ_SYMBOL(PQerrorMessage)
    CPQ_SYMBOL(PQfinish)
    CPQ_SYMBOL(PQtransactionStatus)
    CPQ_SYMBOL(PQbackendPID)
    CPQ_SYMBOL(PQexec)
    CPQ_SYMBOL(PQprepare)
    CPQ_SYMBOL(PQexecPrepared)
    CPQ_SYMBOL(PQresultStatus)
    CPQ_SYMBOL(PQresultErrorField)
    CPQ_SYMBOL(PQresultErrorMessage)
    CPQ_SYMBOL(PQclear)
    CPQ_SYMBOL(PQntuples)
    CPQ_SYMBOL(PQnfields)
    CPQ_SYMBOL(PQfname)
    CPQ_SYMBOL(PQgetisnull)
    CPQ_SYMBOL(PQgetvalue)
    CPQ_SYMBOL(PQcmdTuples)
    CPQ_SYMBOL(PQenterPipelineMode)
    CPQ_SYMBOL(PQexitPipelineMode)
    CPQ_SYMBOL(PQsendQueryParams)
    CPQ_SYMBOL(PQsendQueryPrepared)
    CPQ_SYMBOL(PQpipelineSync)
    CPQ_SYMBOL(PQgetResult)
#undef CPQ_SYMBOL
    return NULL;  // the library stays open for the life of the process
}
