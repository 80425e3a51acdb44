#pragma once
/// Linux calls that `import Glibc` does not show: epoll, eventfd, accept4, signalfd, timerfd.
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
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

/// `errno` as a function, since the macro does not import cleanly everywhere.
static inline int clinux_errno(void) { return errno; }
