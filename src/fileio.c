/* Whole-file reads, locked atomic writes. A kubeconfig is often the user's
 * only copy: the target is either as it was or fully rewritten, never partial. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "kc_cli.h"

#define LOCK_WAIT_MS 10000
#define LOCK_POLL_MS 20

/* Paths to remove if a signal ends the run (our temporaries and locks):
 * SIGINT or SIGTERM must not leave a stale lock that blocks kubectl. The
 * handler only calls unlink, which is async-signal-safe. SIGKILL cannot be
 * caught: then the target is still whole (rename is atomic), but a lock and
 * a temporary may stay behind. */
#define CLEANUP_SLOTS 64
static struct {
    volatile sig_atomic_t used;
    char path[PATH_MAX];
} cleanup[CLEANUP_SLOTS];

/* Creating a file and registering it, or unlinking and unregistering it,
 * must not be split by a signal: block the handled ones meanwhile. */
static const int handled_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < sizeof handled_signals / sizeof handled_signals[0]; i++)
        sigaddset(&set, handled_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void restore_signals(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

static int cleanup_add(const char *path)
{
    for (int i = 0; i < CLEANUP_SLOTS; i++)
        if (!cleanup[i].used) {
            snprintf(cleanup[i].path, sizeof cleanup[i].path, "%s", path);
            cleanup[i].used = 1;
            return i;
        }
    return -1;
}

static void cleanup_drop(const char *path)
{
    for (int i = 0; i < CLEANUP_SLOTS; i++)
        if (cleanup[i].used && strcmp(cleanup[i].path, path) == 0) {
            cleanup[i].used = 0;
            return;
        }
}

/* unlink and forget, as one step as far as our handler can tell */
static void remove_registered(const char *path)
{
    sigset_t old;
    block_signals(&old);
    unlink(path);
    cleanup_drop(path);
    restore_signals(&old);
}

static void on_signal(int sig)
{
    for (int i = 0; i < CLEANUP_SLOTS; i++)
        if (cleanup[i].used)
            unlink(cleanup[i].path);
    signal(sig, SIG_DFL);
    raise(sig);
}

void kc_cleanup_on_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof handled_signals / sizeof handled_signals[0]; i++)
        sigaction(handled_signals[i], &sa, NULL);
}

/* Regular files are mapped, not read: their bytes are already in the page
 * cache, and a copy costs a fresh zeroed page every 4 KiB (a tenth of the
 * run on a fleet file). A file that shrinks while mapped would make the
 * pages past its new end raise SIGBUS; the handler maps zeros over that
 * source instead and notes it, and the run then fails with "the file
 * changed" before anything is written. */
#define MAPPED_SLOTS 64
/* Below this, mmap and munmap cost more than the copy (a batch of small
 * kubeconfigs got slower mapped). */
#define MAP_MIN_SIZE (64 * 1024)
static struct {
    char *volatile addr;
    volatile size_t len;
    volatile sig_atomic_t bus;
} mapped[MAPPED_SLOTS];

static void on_sigbus(int sig, siginfo_t *info, void *context)
{
    (void)context;
    char *at = info->si_addr;
    for (int i = 0; i < MAPPED_SLOTS; i++)
        if (mapped[i].addr && at >= mapped[i].addr && at < mapped[i].addr + mapped[i].len) {
            if (mmap(mapped[i].addr, mapped[i].len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                     -1, 0) != MAP_FAILED) {
                mapped[i].bus = 1;
                return;
            }
        }
    signal(sig, SIG_DFL); /* not ours: a real fault */
    raise(sig);
}

static int map_slot(void)
{
    static int handler_set;
    if (!handler_set) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        if (sigaction(SIGBUS, &sa, NULL) != 0)
            return -1;
        handler_set = 1;
    }
    for (int i = 0; i < MAPPED_SLOTS; i++)
        if (!mapped[i].addr)
            return i;
    return -1;
}

static int io_error(kc_error *err, const char *what, int errnum)
{
    return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "%s: %s", what,
                        strerror(errnum));
}

static int write_error(kc_error *err, const char *path, int errnum)
{
    return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "cannot write %s: %s", path,
                        strerror(errnum));
}

static int read_all(int fd, char **data, size_t *len, size_t hint)
{
    size_t cap = hint + 1 > 4096 ? hint + 1 : 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return ENOMEM;
    for (;;) {
        if (n == cap) {
            char *b = realloc(buf, cap * 2);
            if (!b) {
                free(buf);
                return ENOMEM;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            return e;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *data = buf;
    *len = n;
    return 0;
}

int kc_file_read(kc_file *f, const char *name, int lock, kc_error *err)
{
    struct stat st;
    memset(f, 0, sizeof *f);
    f->map_slot = -1;
    f->lock_fd = -1;
    f->name = strdup(name);
    if (!f->name)
        return io_error(err, "cannot read", ENOMEM);
    if (strcmp(name, "-") == 0) {
        f->is_stdin = 1;
        f->target = strdup("-");
        int e = f->target ? read_all(STDIN_FILENO, &f->data, &f->len, 0) : ENOMEM;
        return e ? io_error(err, "cannot read standard input", e) : 1;
    }
    /* Follow symlinks: the file they point to is the one rewritten. */
    f->target = realpath(name, NULL);
    if (!f->target)
        return io_error(err, "cannot read", errno);
    if (lock && !kc_file_lock(f, err))
        return 0;
    int fd = open(f->target, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return io_error(err, "cannot read", errno);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        close(fd);
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL, "cannot read: %s",
                            e == EISDIR ? "is a directory" : "not a regular file");
    }
    f->mode = st.st_mode & 07777;
    f->uid = st.st_uid;
    f->gid = st.st_gid;
    f->read_stat = st;
    int slot = st.st_size >= MAP_MIN_SIZE ? map_slot() : -1;
    void *p = slot >= 0 ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    if (p != MAP_FAILED) {
        mapped[slot].bus = 0;
        mapped[slot].len = (size_t)st.st_size;
        mapped[slot].addr = p;
        f->map_slot = slot;
        f->data = p;
        f->len = (size_t)st.st_size;
        close(fd);
        return 1;
    }
    /* Small, no slot left, or a file system that cannot map: read it. */
    int e = read_all(fd, &f->data, &f->len, (size_t)st.st_size);
    close(fd);
    return e ? io_error(err, "cannot read", e) : 1;
}

int kc_file_check_unchanged(const kc_file *f, kc_error *err)
{
    struct stat now;
    if (f->is_stdin || !f->target)
        return 1;
    int changed = (f->map_slot >= 0 && mapped[f->map_slot].bus) || stat(f->target, &now) != 0 ||
                  now.st_ino != f->read_stat.st_ino || now.st_dev != f->read_stat.st_dev ||
                  now.st_size != f->read_stat.st_size ||
                  now.st_mtim.tv_sec != f->read_stat.st_mtim.tv_sec ||
                  now.st_mtim.tv_nsec != f->read_stat.st_mtim.tv_nsec;
    if (!changed)
        return 1;
    memset(err, 0, sizeof *err); /* what failed before was reading a moving file */
    return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                        "the file changed while it was being converted; nothing written, run again");
}

static char *lock_path(const char *target)
{
    size_t n = strlen(target);
    char *p = malloc(n + sizeof ".lock");
    if (p) {
        memcpy(p, target, n);
        memcpy(p + n, ".lock", sizeof ".lock");
    }
    return p;
}

/* Create one lock file, waiting a bounded time for its holder; with keep,
 * *keep is its open descriptor (kc_file_replace writes into it later). */
static int take_lock(const char *path, int *keep, kc_error *err)
{
    for (int waited = 0;; waited += LOCK_POLL_MS) {
        sigset_t old;
        block_signals(&old);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        int e = errno;
        if (fd >= 0) {
            if (keep)
                *keep = fd;
            else
                close(fd);
            cleanup_add(path);
        }
        restore_signals(&old);
        if (fd >= 0)
            return 1;
        errno = e;
        if (errno != EEXIST)
            return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                                "cannot create %s: %s", path, strerror(errno));
        if (waited >= LOCK_WAIT_MS)
            return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                                "%s exists: another process is writing this file (waited %d s; "
                                "remove the lock if it is stale)", path, LOCK_WAIT_MS / 1000);
        struct timespec ts = {0, LOCK_POLL_MS * 1000000L};
        nanosleep(&ts, NULL);
    }
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

int kc_file_lock(kc_file *f, kc_error *err)
{
    /* kubectl (client-go) locks "<path as named>.lock"; a symlinked
     * kubeconfig also gets its target's lock, so both kinds of writer see us. */
    char *paths[2] = {name_lock_path(f->name), lock_path(f->target)};
    if (!paths[0] || !paths[1]) {
        free(paths[0]);
        free(paths[1]);
        return io_error(err, "cannot lock", ENOMEM);
    }
    int count = strcmp(paths[0], paths[1]) == 0 ? 1 : 2;
    if (count == 1)
        free(paths[1]);
    f->lock_fd = -1;
    for (int i = 0; i < count; i++) {
        if (!take_lock(paths[i], i == count - 1 ? &f->lock_fd : NULL, err)) {
            for (int j = i; j < count; j++)
                free(paths[j]);
            return 0;
        }
        f->locks[f->lock_count++] = paths[i];
    }
    return 1;
}

void kc_file_unlock(kc_file *f)
{
    if (f->lock_count > 0 && f->lock_fd >= 0)
        close(f->lock_fd);
    f->lock_fd = -1;
    while (f->lock_count > 0) {
        char *path = f->locks[--f->lock_count];
        remove_registered(path);
        free(path);
    }
}

void kc_file_free(kc_file *f)
{
    kc_file_unlock(f);
    free(f->name);
    free(f->target);
    if (f->map_slot >= 0 && f->data) {
        munmap(f->data, f->len);
        mapped[f->map_slot].addr = NULL;
    } else {
        free(f->data);
    }
    memset(f, 0, sizeof *f);
}

static int write_all(int fd, const char *data, size_t len);

/* writev in batches: a fleet file is thousands of pieces, and a syscall each
 * cost more than the copying. */
static int write_pieces(int fd, const kc_piece *pieces, size_t count)
{
    struct iovec iov[IOV_MAX < 1024 ? IOV_MAX : 1024];
    size_t batch = sizeof iov / sizeof iov[0];
    for (size_t i = 0; i < count;) {
        size_t n = 0, bytes = 0;
        for (; n < batch && i + n < count; n++) {
            iov[n].iov_base = (void *)pieces[i + n].data;
            iov[n].iov_len = pieces[i + n].len;
            bytes += pieces[i + n].len;
        }
        ssize_t w = writev(fd, iov, (int)n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        if ((size_t)w < bytes) {
            /* short write: finish this batch piece by piece */
            size_t done = (size_t)w;
            for (size_t k = 0; k < n; k++) {
                size_t len = pieces[i + k].len;
                if (done >= len) {
                    done -= len;
                    continue;
                }
                int e = write_all(fd, pieces[i + k].data + done, len - done);
                if (e)
                    return e;
                done = 0;
            }
        }
        i += n;
    }
    return 0;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Standard output and devices (-o /dev/full) cannot be renamed over. */
static int write_direct(const char *path, const kc_piece *pieces, size_t count, kc_error *err)
{
    int to_stdout = strcmp(path, "-") == 0;
    const char *what = to_stdout ? "standard output" : path;
    int fd = to_stdout ? STDOUT_FILENO : open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0)
        return write_error(err, what, errno);
    int e = write_pieces(fd, pieces, count);
    if (fd != STDOUT_FILENO && close(fd) != 0 && !e)
        e = errno;
    return e ? write_error(err, what, e) : 1;
}

/* The new file's bytes, mode and owner, durable before it gets its name;
 * closes fd. Returns 0 or an errno. */
static int fill_file(int fd, const kc_piece *pieces, size_t count, mode_t mode, uid_t uid,
                     gid_t gid, int durable)
{
    int e = write_pieces(fd, pieces, count);
    if (!e && fchmod(fd, mode) != 0)
        e = errno;
    if (!e && fchown(fd, uid, gid) != 0) {
        /* not ours to give away (we are not root): keep our own */
    }
    if (!e && durable && fsync(fd) != 0)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    return e;
}

/* rename a registered file (a temporary, our lock) to its final name, and
 * forget it, as one step as far as our signal handler can tell */
static int rename_registered(const char *from, const char *to)
{
    sigset_t old;
    block_signals(&old);
    int e = rename(from, to) != 0 ? errno : 0;
    if (!e)
        cleanup_drop(from);
    restore_signals(&old);
    return e;
}

/* Writing into the lock we hold, instead of a temporary next to it, creates
 * one file per rewrite instead of two. That is most of what a batch of small
 * files costs: on ext4 without a journal every new inode is found by
 * scanning past all those freed in the last minute or more. */
int kc_file_replace(kc_file *f, const kc_piece *pieces, size_t count, kc_error *err)
{
    if (f->lock_count == 0 || f->lock_fd < 0)
        return kc_write_atomic(f->target, pieces, count, f->mode, f->uid, f->gid, 1, err);
    char *lock = f->locks[f->lock_count - 1];
    struct stat ours, named;
    if (fstat(f->lock_fd, &ours) != 0 || lstat(lock, &named) != 0 || ours.st_dev != named.st_dev ||
        ours.st_ino != named.st_ino) {
        /* someone removed our lock (thinking it stale), and may have taken
         * it: renaming theirs would publish their bytes, unlinking it would
         * break their lock */
        close(f->lock_fd);
        f->lock_fd = -1;
        f->lock_count--;
        cleanup_drop(lock);
        free(lock);
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "%s.lock was removed or replaced while we held it; not written",
                            f->target);
    }
    int e = fill_file(f->lock_fd, pieces, count, f->mode, f->uid, f->gid, 1);
    f->lock_fd = -1;
    if (!e)
        e = rename_registered(lock, f->target);
    if (e)
        return write_error(err, f->target, e); /* the lock, partly written, goes at unlock */
    f->lock_count--;
    free(lock);
    return 1;
}

int kc_write_atomic(const char *path, const kc_piece *pieces, size_t count, mode_t mode,
                    uid_t uid, gid_t gid, int durable, kc_error *err)
{
    struct stat st;
    char *target = realpath(path, NULL);
    if (strcmp(path, "-") == 0 || (target && stat(target, &st) == 0 && !S_ISREG(st.st_mode))) {
        free(target);
        return write_direct(path, pieces, count, err);
    }
    if (!target && !(target = strdup(path)))
        return io_error(err, "cannot write", ENOMEM);

    char *dir_copy = strdup(target), *base_copy = strdup(target);
    char *tmp = NULL;
    int fd = -1, e = 0;
    if (!dir_copy || !base_copy) {
        e = ENOMEM;
        goto done;
    }
    const char *dir = dirname(dir_copy), *base = basename(base_copy);
    if (asprintf(&tmp, "%s/.%s.kubeconvert-XXXXXX", dir, base) < 0) {
        tmp = NULL;
        e = ENOMEM;
        goto done;
    }
    sigset_t old;
    block_signals(&old);
    fd = mkstemp(tmp);
    e = errno;
    if (fd >= 0)
        cleanup_add(tmp);
    restore_signals(&old);
    if (fd < 0) {
        free(tmp);
        tmp = NULL;
        goto done;
    }
    e = fill_file(fd, pieces, count, mode, uid, gid, durable);
    fd = -1;
    if (e || (e = rename_registered(tmp, target)) != 0)
        goto done;
    free(tmp);
    tmp = NULL;
    /* No fsync of the directory: after a crash the name holds either the
     * old file or the new one, both whole, which is the promise; syncing the
     * rename too would only choose between them, at a cost per file. */
done:
    if (fd >= 0)
        close(fd);
    if (tmp) {
        remove_registered(tmp);
        free(tmp);
    }
    free(dir_copy);
    free(base_copy);
    int ok = e ? write_error(err, target, e) : 1;
    free(target);
    return ok;
}
