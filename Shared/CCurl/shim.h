#pragma once
#include <curl/curl.h>
#include <sys/socket.h>

/// Wraps `curl_easy_setopt` for options that take a long.
static inline CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
/// Wraps `curl_easy_setopt` for options that take a C string (libcurl copies it).
static inline CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
/// Wraps `curl_easy_setopt` for options that take a pointer (lists, user data, bodies).
static inline CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
/// Wraps `curl_easy_setopt` for options that take a `curl_off_t`.
static inline CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
/// Wraps `curl_easy_setopt(CURLOPT_WRITEFUNCTION, …)` with a typed callback.
static inline CURLcode ccurl_setopt_write_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
/// Wraps `curl_easy_setopt(CURLOPT_HEADERFUNCTION, …)` with a typed callback.
static inline CURLcode ccurl_setopt_header_function(CURL *handle, size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}
/// Wraps `curl_easy_getinfo` for infos that return a long.
static inline CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
/// Wraps `curl_easy_setopt(CURLOPT_ERRORBUFFER, …)`: libcurl writes its last error text (CURL_ERROR_SIZE bytes).
static inline CURLcode ccurl_setopt_error_buffer(CURL *handle, char *buffer) {
    return curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, buffer);
}
/// Wraps `curl_multi_setopt` for options that take a long.
static inline CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}
/// Wraps `curl_multi_setopt` for options that take a pointer (callback user data).
static inline CURLMcode ccurl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value) {
    return curl_multi_setopt(multi, option, value);
}
/// Wraps `curl_multi_setopt(CURLMOPT_SOCKETFUNCTION, …)` with a typed callback.
static inline CURLMcode ccurl_multi_setopt_socket_function(
    CURLM *multi, int (*callback)(CURL *, curl_socket_t, int, void *, void *)) {
    return curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
}
/// Wraps `curl_multi_setopt(CURLMOPT_TIMERFUNCTION, …)` with a typed callback.
static inline CURLMcode ccurl_multi_setopt_timer_function(CURLM *multi, int (*callback)(CURLM *, long, void *)) {
    return curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
}
/// Wraps `curl_multi_socket_action` with `CURL_SOCKET_TIMEOUT`: runs whatever libcurl's timer asked for.
static inline CURLMcode ccurl_multi_socket_timeout(CURLM *multi, int *running) {
    return curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, running);
}

/// `CURLOPT_OPENSOCKETFUNCTION` callback: libcurl's own `socket(2)` call, plus `SOCK_CLOEXEC`, so a connection is
/// never inherited by a child process spawned while it is open (an inherited copy would outlive the parent's close).
static inline curl_socket_t ccurl_open_cloexec_socket(void *context, curlsocktype purpose, struct curl_sockaddr *address) {
    (void)context;
    (void)purpose;
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}
/// Sets `CURLOPT_OPENSOCKETFUNCTION` to `ccurl_open_cloexec_socket`.
static inline CURLcode ccurl_setopt_cloexec_sockets(CURL *handle) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, ccurl_open_cloexec_socket);
}
