/* kubectl's lock protocol, and the registry of our locks and temporaries
 * that a signal ending the run removes: SIGINT or SIGTERM must not leave a
 * stale lock that blocks kubectl. SIGKILL cannot be caught: then the target
 * is still whole (rename is atomic), but a lock and a temporary may stay. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lock.h"

#define LOCK_WAIT_MS 10000
#define LOCK_POLL_MS 20

const int kc_cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
const size_t kc_cleanup_signal_count = sizeof kc_cleanup_signals / sizeof kc_cleanup_signals[0];

/* Every change to the registry, and the creation, rename or unlink that goes
 * with it, happens with the handled signals blocked: the handler sees the
 * registry and the disk agree. (The one other thread, parse_split.c's, blocks
 * every signal, so the handler runs on this one.) */
static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < kc_cleanup_signal_count; i++)
        sigaddset(&set, kc_cleanup_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

void kc_registry_initialize(kc_registry *registry)
{
    registry->first = NULL;
    registry->alloc = calloc;
}

void kc_registry_delete(kc_registry *registry)
{
    sigset_t old;
    block_signals(&old);
    kc_registry_block *block = registry->first;
    registry->first = NULL;
    restore_signals(&old);
    while (block) {
        kc_registry_block *next = block->next;
        for (int i = 0; i < KC_REGISTRY_SLOTS; i++)
            free(block->paths[i]);
        free(block);
        block = next;
    }
}

void kc_registry_remove_files(const kc_registry *registry)
{
    for (const kc_registry_block *block = registry->first; block; block = block->next)
        for (int i = 0; i < KC_REGISTRY_SLOTS; i++) {
            const char *path = block->paths[i];
            if (path)
                unlink(path);
        }
}

/* A free slot, a new block linked in when all are taken; NULL when out of
 * memory. Called with the signals blocked. */
static char *volatile *free_slot(kc_registry *registry)
{
    kc_registry_block *volatile *link = &registry->first;
    for (kc_registry_block *block; (block = *link) != NULL; link = &block->next)
        for (int i = 0; i < KC_REGISTRY_SLOTS; i++)
            if (!block->paths[i])
                return &block->paths[i];
    kc_registry_block *block = registry->alloc(1, sizeof *block);
    if (!block)
        return NULL;
    *link = block; /* complete (zeroed) before it is reachable */
    return &block->paths[0];
}

static char *volatile *find_slot(const kc_registry *registry, const char *path)
{
    for (kc_registry_block *block = registry->first; block; block = block->next)
        for (int i = 0; i < KC_REGISTRY_SLOTS; i++)
            if (block->paths[i] && strcmp(block->paths[i], path) == 0)
                return &block->paths[i];
    return NULL;
}

/* Called with the signals blocked. */
static void forget(kc_registry *registry, const char *path)
{
    char *volatile *slot = find_slot(registry, path);
    if (slot) {
        char *copy = *slot;
        *slot = NULL;
        free(copy);
    }
}

int kc_registry_create(kc_registry *registry, char *path, int temporary, int *fd)
{
    /* Everything that can run out of memory comes first: once the file
     * exists, registering it cannot fail. */
    size_t size = strlen(path) + 1;
    char *copy = registry->alloc(1, size);
    if (!copy)
        return ENOMEM;
    sigset_t old;
    block_signals(&old);
    char *volatile *slot = free_slot(registry);
    int e = ENOMEM;
    *fd = -1;
    if (slot) {
        *fd = temporary ? mkostemp(path, O_CLOEXEC)
                        : open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        e = *fd < 0 ? errno : 0;
    }
    if (*fd >= 0) {
        memcpy(copy, path, size); /* mkostemp filled in the template */
        *slot = copy;
        copy = NULL;
    }
    restore_signals(&old);
    free(copy);
    return e;
}

int kc_registry_rename(kc_registry *registry, const char *from, const char *to)
{
    sigset_t old;
    block_signals(&old);
    int e = rename(from, to) != 0 ? errno : 0;
    if (!e)
        forget(registry, from);
    restore_signals(&old);
    return e;
}

void kc_registry_unlink(kc_registry *registry, const char *path)
{
    sigset_t old;
    block_signals(&old);
    unlink(path);
    forget(registry, path);
    restore_signals(&old);
}

void kc_registry_forget(kc_registry *registry, const char *path)
{
    sigset_t old;
    block_signals(&old);
    forget(registry, path);
    restore_signals(&old);
}

/* ---- the lock protocol ------------------------------------------------- */

/* Create one lock file, waiting a bounded time for its holder; with keep,
 * *keep is its open descriptor (the new content is written into it later). */
static int take_one(kc_registry *registry, char *path, int *keep, kc_error *err)
{
    for (int waited = 0;; waited += LOCK_POLL_MS) {
        int fd;
        int e = kc_registry_create(registry, path, 0, &fd);
        if (!e) {
            if (keep)
                *keep = fd;
            else
                close(fd);
            return 1;
        }
        if (e == ENOMEM)
            return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                                "cannot lock: out of memory");
        if (e != EEXIST)
            return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                                "cannot create %s: %s", path, strerror(e));
        if (waited >= LOCK_WAIT_MS)
            return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                                "%s exists: another process is writing this file (waited %d s; "
                                "remove the lock if it is stale)", path, LOCK_WAIT_MS / 1000);
        struct timespec ts = {0, LOCK_POLL_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
}

static char *target_lock_path(const char *target)
{
    char *path;
    return asprintf(&path, "%s.lock", target) < 0 ? NULL : path;
}

/* The name's own lock path with its directory resolved but not the file
 * itself: for a symlink it differs from the target's. */
static char *name_lock_path(const char *name)
{
    char *dir_copy = strdup(name), *base_copy = strdup(name), *dir = NULL, *path = NULL;
    if (dir_copy && base_copy && (dir = realpath(dirname(dir_copy), NULL)) != NULL &&
        asprintf(&path, "%s/%s.lock", dir, basename(base_copy)) < 0)
        path = NULL;
    free(dir);
    free(dir_copy);
    free(base_copy);
    return path;
}

int kc_lock_take(kc_lock *lock, kc_registry *registry, const char *name, const char *target,
                 kc_error *err)
{
    memset(lock, 0, sizeof *lock);
    lock->registry = registry;
    lock->fd = -1;
    /* kubectl (client-go) locks "<path as named>.lock"; a symlinked
     * kubeconfig also gets its target's lock, so both kinds of writer see us. */
    char *paths[2] = {name_lock_path(name), target_lock_path(target)};
    if (!paths[0] || !paths[1]) {
        free(paths[0]);
        free(paths[1]);
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "cannot lock: out of memory");
    }
    int count = strcmp(paths[0], paths[1]) == 0 ? 1 : 2;
    if (count == 1)
        free(paths[1]);
    for (int i = 0; i < count; i++) {
        if (!take_one(registry, paths[i], i == count - 1 ? &lock->fd : NULL, err)) {
            for (int j = i; j < count; j++)
                free(paths[j]);
            return 0;
        }
        lock->paths[lock->count++] = paths[i];
    }
    return 1;
}

void kc_lock_release(kc_lock *lock)
{
    /* a zeroed kc_lock (a file never read) holds nothing: fd 0 is not ours */
    if (lock->count > 0 && lock->fd >= 0)
        close(lock->fd);
    lock->fd = -1;
    while (lock->count > 0) {
        char *path = lock->paths[--lock->count];
        kc_registry_unlink(lock->registry, path);
        free(path);
    }
}

int kc_lock_still_ours(const kc_lock *lock)
{
    struct stat ours, named;
    return lock->count > 0 && lock->fd >= 0 && fstat(lock->fd, &ours) == 0 &&
           lstat(lock->paths[lock->count - 1], &named) == 0 && ours.st_dev == named.st_dev &&
           ours.st_ino == named.st_ino;
}

int kc_lock_rename_over(kc_lock *lock, const char *target)
{
    char *path = lock->paths[lock->count - 1];
    int e = kc_registry_rename(lock->registry, path, target);
    if (!e) {
        lock->count--;
        free(path);
    }
    return e;
}

void kc_lock_abandon_last(kc_lock *lock)
{
    char *path = lock->paths[--lock->count];
    if (lock->fd >= 0)
        close(lock->fd);
    lock->fd = -1;
    kc_registry_forget(lock->registry, path);
    free(path);
}
