#pragma once
#include <curl/curl.h>
#include <dlfcn.h>
#include <sys/socket.h>

// libcurl is opened with dlopen when the first transfer starts, not linked: its dependency graph (libldap, GnuTLS,
// krb5, libssh2, librtmp, ... some 30 libraries) costs the dynamic loader about 5 ms at every process start, and a
// function that never calls out, or has not yet, should not pay it. `HTTPClient`'s `LibCurl` holds the one table.

/// The soname opened (Debian's libcurl4-openssl-dev links the same one).
#define CCURL_LIBRARY "libcurl.so.4"

/// libcurl's entry points, each typed from its prototype in curl.h (so a mismatch is a compile error) and named as
/// the C function: `api->curl_easy_init()`.
typedef struct ccurl_api {
    __typeof__(curl_global_init) *_Nonnull curl_global_init;
    __typeof__(curl_easy_init) *_Nonnull curl_easy_init;
    __typeof__(curl_easy_cleanup) *_Nonnull curl_easy_cleanup;
    __typeof__(curl_easy_reset) *_Nonnull curl_easy_reset;
    __typeof__(curl_easy_strerror) *_Nonnull curl_easy_strerror;
    __typeof__(curl_multi_init) *_Nonnull curl_multi_init;
    __typeof__(curl_multi_cleanup) *_Nonnull curl_multi_cleanup;
    __typeof__(curl_multi_add_handle) *_Nonnull curl_multi_add_handle;
    __typeof__(curl_multi_remove_handle) *_Nonnull curl_multi_remove_handle;
    __typeof__(curl_multi_socket_action) *_Nonnull curl_multi_socket_action;
    __typeof__(curl_multi_timeout) *_Nonnull curl_multi_timeout;
    __typeof__(curl_multi_info_read) *_Nonnull curl_multi_info_read;
    __typeof__(curl_multi_strerror) *_Nonnull curl_multi_strerror;
    // Variadic: reached from Swift only through the typed wrappers below.
    __typeof__(curl_easy_setopt) *_Nonnull curl_easy_setopt;
    __typeof__(curl_easy_getinfo) *_Nonnull curl_easy_getinfo;
    __typeof__(curl_multi_setopt) *_Nonnull curl_multi_setopt;
} ccurl_api;

/// Opens libcurl and fills `api` with its entry points.
/// Returns NULL on success, otherwise why not (dlerror's text, or the missing symbol's name; a static string or
/// one dlerror owns, to be copied at once). On failure `api` is left partly filled and must not be used.
static inline const char *_Nullable ccurl_load(ccurl_api *_Nonnull api) {
    void *library = dlopen(CCURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) return dlerror();
#define CCURL_SYMBOL(name) \
    if ((*(void **)&api->name = dlsym(library, #name)) == NULL) return CCURL_LIBRARY " has no symbol " #name;
    CCURL_SYMBOL(curl_global_init)
    CCURL_SYMBOL(curl_easy_init)
    CCURL_SYMBOL(curl_easy_cleanup)
    CCURL_SYMBOL(curl_easy_reset)
    CCURL_SYMBOL(curl_easy_strerror)
    CCURL_SYMBOL(curl_multi_init)
    CCURL_SYMBOL(curl_multi_cleanup)
    CCURL_SYMBOL(curl_multi_add_handle)
    CCURL_SYMBOL(curl_multi_remove_handle)
    CCURL_SYMBOL(curl_multi_socket_action)
    CCURL_SYMBOL(curl_multi_timeout)
    CCURL_SYMBOL(curl_multi_info_read)
    CCURL_SYMBOL(curl_multi_strerror)
    CCURL_SYMBOL(curl_easy_setopt)
    CCURL_SYMBOL(curl_easy_getinfo)
    CCURL_SYMBOL(curl_multi_setopt)
#undef CCURL_SYMBOL
    return NULL;  // the library stays open for the life of the process
}

/// Wraps `curl_easy_setopt` for options that take a long.
static inline CURLcode ccurl_setopt_long(const ccurl_api *_Nonnull api, CURL *handle, CURLoption option, long value) {
    return api->curl_easy_setopt(handle, option, value);
}
/// Wraps `curl_easy_setopt` for options that take a C string (libcurl copies it).
static inline CURLcode ccurl_setopt_string(
    const ccurl_api *_Nonnull api, CURL *handle, CURLoption option, const char *value) {
    return api->curl_easy_setopt(handle, option, value);
}
/// Wraps `curl_easy_setopt` for options that take a pointer (lists, user data, bodies).
static inline CURLcode ccurl_setopt_pointer(const ccurl_api *_Nonnull api, CURL *handle, CURLoption option, void *value) {
    return api->curl_easy_setopt(handle, option, value);
}
/// Wraps `curl_easy_setopt` for options that take a `curl_off_t`.
static inline CURLcode ccurl_setopt_off_t(
    const ccurl_api *_Nonnull api, CURL *handle, CURLoption option, curl_off_t value) {
    return api->curl_easy_setopt(handle, option, value);
}
/// Wraps `curl_easy_setopt(CURLOPT_WRITEFUNCTION, …)` with a typed callback.
static inline CURLcode ccurl_setopt_write_function(
    const ccurl_api *_Nonnull api, CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return api->curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
/// Wraps `curl_easy_setopt(CURLOPT_HEADERFUNCTION, …)` with a typed callback.
static inline CURLcode ccurl_setopt_header_function(
    const ccurl_api *_Nonnull api, CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return api->curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}
/// Wraps `curl_easy_getinfo` for infos that return a long.
static inline CURLcode ccurl_getinfo_long(const ccurl_api *_Nonnull api, CURL *handle, CURLINFO info, long *value) {
    return api->curl_easy_getinfo(handle, info, value);
}
/// Wraps `curl_easy_setopt(CURLOPT_ERRORBUFFER, …)`: libcurl writes its last error text (CURL_ERROR_SIZE bytes).
static inline CURLcode ccurl_setopt_error_buffer(const ccurl_api *_Nonnull api, CURL *handle, char *buffer) {
    return api->curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, buffer);
}
/// Wraps `curl_multi_setopt` for options that take a long.
static inline CURLMcode ccurl_multi_setopt_long(
    const ccurl_api *_Nonnull api, CURLM *multi, CURLMoption option, long value) {
    return api->curl_multi_setopt(multi, option, value);
}
/// Wraps `curl_multi_setopt` for options that take a pointer (callback user data).
static inline CURLMcode ccurl_multi_setopt_pointer(
    const ccurl_api *_Nonnull api, CURLM *multi, CURLMoption option, void *value) {
    return api->curl_multi_setopt(multi, option, value);
}
/// Wraps `curl_multi_setopt(CURLMOPT_SOCKETFUNCTION, …)` with a typed callback.
static inline CURLMcode ccurl_multi_setopt_socket_function(
    const ccurl_api *_Nonnull api, CURLM *multi, int (*callback)(CURL *, curl_socket_t, int, void *, void *)) {
    return api->curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
}
/// Wraps `curl_multi_setopt(CURLMOPT_TIMERFUNCTION, …)` with a typed callback.
static inline CURLMcode ccurl_multi_setopt_timer_function(
    const ccurl_api *_Nonnull api, CURLM *multi, int (*callback)(CURLM *, long, void *)) {
    return api->curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
}
/// Wraps `curl_multi_socket_action` with `CURL_SOCKET_TIMEOUT`: runs whatever libcurl's timer asked for.
static inline CURLMcode ccurl_multi_socket_timeout(const ccurl_api *_Nonnull api, CURLM *multi, int *running) {
    return api->curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, running);
}

/// `CURLOPT_OPENSOCKETFUNCTION` callback: libcurl's own `socket(2)` call, plus `SOCK_CLOEXEC`, so a connection is
/// never inherited by a child process spawned while it is open (an inherited copy would outlive the parent's close).
static inline curl_socket_t ccurl_open_cloexec_socket(void *context, curlsocktype purpose, struct curl_sockaddr *address) {
    (void)context;
    (void)purpose;
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}
/// Sets `CURLOPT_OPENSOCKETFUNCTION` to `ccurl_open_cloexec_socket`.
static inline CURLcode ccurl_setopt_cloexec_sockets(const ccurl_api *_Nonnull api, CURL *handle) {
    return api->curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, ccurl_open_cloexec_socket);
}
