#pragma once
/// Linux calls that `import Glibc` does not show: epoll, eventfd, accept4, signalfd, timerfd.
/// No `_GNU_SOURCE` here: it changes shared Glibc definitions (rusage, fd_set) and then this module and
/// SwiftGlibc disagree. The two GNU-only functions we need are declared below with their glibc signatures.
#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <string.h>
#include <sched.h>
#include <pthread.h>

/// `accept4(2)`: accept with SOCK_NONBLOCK/SOCK_CLOEXEC flags in one call (GNU, declared here).
extern int accept4(int fd, struct sockaddr *addr, socklen_t *addrlen, int flags);

/// `sched_getaffinity(2)`: the CPU mask of `pid` (0: this process) into `mask` of `size` bytes (GNU, declared here).
extern int sched_getaffinity(pid_t pid, size_t size, void *mask);

/// `pthread_setname_np(3)`: names a thread (at most 15 bytes) for ps, top and debuggers (GNU, declared here).
extern int pthread_setname_np(pthread_t thread, const char *name);

/// `errno` as a function, since the macro does not import cleanly everywhere.
static inline int clinux_errno(void) { return errno; }
