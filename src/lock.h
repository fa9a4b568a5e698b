/* kubectl's lock protocol, and the registry of the files (our locks and
 * temporaries) that a signal ending the run must not leave behind. */
#ifndef KC_LOCK_H
#define KC_LOCK_H

#include <stddef.h>

#include "error.h"

/* SIGINT, SIGTERM, SIGHUP and SIGPIPE: they end a run only after it removed
 * what it registered. Blocked while the registry changes. */
extern const int kc_cleanup_signals[];
extern const size_t kc_cleanup_signal_count;

/* The registry is a list of fixed blocks that never move: a signal handler
 * may walk it at any moment it is not blocked, and a block is only ever
 * linked in, complete, with the signals blocked. */
#define KC_REGISTRY_SLOTS 64

typedef struct kc_registry_block {
    char *volatile paths[KC_REGISTRY_SLOTS]; /* NULL: a free slot */
    struct kc_registry_block *volatile next;
} kc_registry_block;

typedef struct kc_registry {
    kc_registry_block *volatile first;
    /* calloc; tests put a failing one here to check that running out of
     * memory creates nothing */
    void *(*alloc)(size_t count, size_t size);
} kc_registry;

void kc_registry_initialize(kc_registry *registry);
/* Forget every path (the files stay) and free the blocks. */
void kc_registry_delete(kc_registry *registry);
/* unlink every registered path: what a signal handler does. Only reads the
 * registry and calls unlink(2), so it is async-signal-safe. */
void kc_registry_remove_files(const kc_registry *registry);

/* Create a file and register it, as one step as far as a signal handler can
 * tell: with temporary, path is a mkstemp template (filled in); otherwise it
 * is created exclusively (0600). Returns 0 and the open descriptor in *fd,
 * or an errno (ENOMEM when it could not be registered: then nothing was
 * created). */
int kc_registry_create(kc_registry *registry, char *path, int temporary, int *fd);
/* rename, or unlink, a registered file and forget it, in one step;
 * kc_registry_rename returns 0 or an errno (then it is still registered). */
int kc_registry_rename(kc_registry *registry, const char *from, const char *to);
void kc_registry_unlink(kc_registry *registry, const char *path);
/* Forget a path whose file is no longer ours (someone else's now). */
void kc_registry_forget(kc_registry *registry, const char *path);

/* The locks held on one file: "<name>.lock", the one kubectl (client-go)
 * takes for the path as named, and for a symlink also "<target>.lock". */
typedef struct kc_lock {
    kc_registry *registry;
    char *paths[2]; /* the lock files we hold; the target's is the last */
    int count;
    int fd;         /* the last one kept open, or -1: while open, its inode
                     * number cannot pass to another file */
} kc_lock;

/* Take the locks (create-exclusive, as client-go does), waiting a bounded
 * time for another writer. On failure, those taken are still in lock, and
 * kc_lock_release removes them. */
int kc_lock_take(kc_lock *lock, kc_registry *registry, const char *name, const char *target,
                 kc_error *err);
/* Close and remove every lock still held; nothing for a zeroed kc_lock. */
void kc_lock_release(kc_lock *lock);
/* 1 if the last lock file is still the one we created (nobody removed it as
 * stale, nor took it since). */
int kc_lock_still_ours(const kc_lock *lock);
/* Rename the last lock (its descriptor already closed) over target: it
 * becomes the file. Returns 0 or an errno (then the lock is still held). */
int kc_lock_rename_over(kc_lock *lock, const char *target);
/* Drop the last lock without removing it: it is not ours any more. */
void kc_lock_abandon_last(kc_lock *lock);

#endif
