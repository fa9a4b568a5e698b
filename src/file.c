/* Whole-file reads, atomic rewrites. A kubeconfig is often the user's only
 * copy: the target is either as it was or fully rewritten, never partial.
 *
 * Files are read, not mapped: a mapped file that shrinks raises SIGBUS, and
 * the only way on from there (mapping zeros over it) is not async-signal-
 * safe; the copy costs 3-8% of a run on a 5-55 MB file, which is within the
 * spread make bench reports, and a bare libyaml parse (its floor) copies too. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "file.h"
#include "memory.h"

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

static const char *kind_of(mode_t mode)
{
    return S_ISDIR(mode) ? "a directory" : S_ISFIFO(mode) ? "a FIFO" : S_ISCHR(mode) ? "a character device"
         : S_ISBLK(mode) ? "a block device" : S_ISSOCK(mode) ? "a socket" : "not a regular file";
}

/* /dev/stdin, /dev/fd/N, /proc/self/fd/N: the name of an open descriptor,
 * which may be a pipe, a terminal or some file the shell opened; converting
 * "it" in place would rewrite that file, or create /dev/stdin.lock. */
static int names_a_descriptor(const char *name)
{
    char *path = kc_xstrdup(name);
    int alias = 0;
    for (int hops = 0; path && !alias && hops < 40; hops++) {
        char *copy = kc_xstrdup(path), *dir = realpath(dirname(copy), NULL), *next = NULL;
        size_t n = dir ? strlen(dir) : 0;
        alias = n > 9 && strncmp(dir, "/proc/", 6) == 0 && strcmp(dir + n - 3, "/fd") == 0;
        char link[PATH_MAX];
        ssize_t len = alias || !dir ? -1 : readlink(path, link, sizeof link - 1);
        if (len >= 0) {
            link[len] = '\0';
            if (link[0] == '/')
                next = kc_xstrdup(link);
            else if (asprintf(&next, "%s/%s", dir, link) < 0)
                next = NULL;
        }
        free(copy);
        free(dir);
        free(path);
        path = next;
    }
    free(path);
    return alias;
}

/* What may be read (and, in place, replaced), refused before anything is
 * created. kubectl writes a kubeconfig in place; we rename a new file over
 * it, which would break its hard links (the other names keep the old
 * content), and would succeed on a file kubectl may not write. */
static int check_input(const char *name, int in_place, kc_error *err)
{
    struct stat st;
    if (names_a_descriptor(name))
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "names a file descriptor, not a file; use - to read standard input");
    if (stat(name, &st) != 0)
        return io_error(err, "cannot read", errno);
    if (S_ISDIR(st.st_mode))
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "cannot read: is a directory, not a kubeconfig file");
    if (!S_ISREG(st.st_mode))
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "is %s, not a regular file; use - to read standard input",
                            kind_of(st.st_mode));
    if (in_place && st.st_nlink > 1)
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "has %ju hard links: replacing it would leave the other names with the "
                            "old content; not converted (use -o to write a copy)",
                            (uintmax_t)st.st_nlink);
    if (in_place && faccessat(AT_FDCWD, name, W_OK, AT_EACCESS) != 0 && errno == EACCES)
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "is read-only for this user (mode %04o), as kubectl would find it; "
                            "not converted (make it writable, or use -o)",
                            (unsigned)(st.st_mode & 07777));
    return 1;
}

#define KC_PREFAULT_MIN (64 * 1024) /* smaller files: not worth a system call */

/* Fault in the pages of a fresh buffer the read is about to fill, in one
 * call rather than one fault a page as read() copies: on a 5.6 MB file
 * 0.7 ms instead of 1.7 ms, on the path to the first parsed byte. Best
 * effort: an older kernel says EINVAL and the read faults them as before. */
static void prefault(char *buf, size_t len)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t page = 4096, from = ((uintptr_t)buf + page - 1) & ~(page - 1),
              to = ((uintptr_t)buf + len) & ~(page - 1);
    if (to > from)
        (void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
    (void)buf;
    (void)len;
#endif
}

static int read_all(int fd, char **data, size_t *len, size_t hint)
{
    size_t cap = hint + 1 > 4096 ? hint + 1 : 4096, n = 0;
    char *buf = kc_xmalloc(cap);
    if (hint >= KC_PREFAULT_MIN)
        prefault(buf, cap);
    for (;;) {
        if (n == cap) {
            if (cap > SIZE_MAX / 2) { /* no buffer of that size */
                free(buf);
                return ENOMEM;
            }
            buf = kc_xrealloc(buf, cap * 2);
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

int kc_file_read(kc_file *f, const char *name, kc_registry *registry, int in_place,
                 kc_error *err)
{
    struct stat st;
    memset(f, 0, sizeof *f);
    f->lock.fd = -1;
    f->registry = registry;
    f->name = kc_xstrdup(name);
    if (strcmp(name, "-") == 0) {
        f->is_stdin = 1;
        f->target = kc_xstrdup("-");
        int e = read_all(STDIN_FILENO, &f->data, &f->len, 0);
        return e ? io_error(err, "cannot read standard input", e) : 1;
    }
    if (!check_input(name, in_place, err))
        return 0;
    /* Follow symlinks: the file they point to is the one rewritten. */
    f->target = realpath(name, NULL);
    if (!f->target)
        return io_error(err, "cannot read", errno);
    if (in_place && !kc_lock_take(&f->lock, registry, f->name, f->target, err))
        return 0;
    /* O_NONBLOCK: a FIFO put in its place since the check must not hang us */
    int fd = open(f->target, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return io_error(err, "cannot read", errno);
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return io_error(err, "cannot read", e);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "is %s, not a regular file; use - to read standard input",
                            kind_of(st.st_mode));
    }
    f->mode = st.st_mode & 07777;
    f->uid = st.st_uid;
    f->gid = st.st_gid;
    f->read_stat = st;
    int e = read_all(fd, &f->data, &f->len, (size_t)st.st_size);
    close(fd);
    return e ? io_error(err, "cannot read", e) : 1;
}

int kc_file_check_unchanged(const kc_file *f, kc_error *err)
{
    struct stat now;
    if (f->is_stdin || !f->target)
        return 1;
    int changed = stat(f->target, &now) != 0 || now.st_ino != f->read_stat.st_ino ||
                  now.st_dev != f->read_stat.st_dev || now.st_size != f->read_stat.st_size ||
                  (size_t)now.st_size != f->len ||
                  now.st_mtim.tv_sec != f->read_stat.st_mtim.tv_sec ||
                  now.st_mtim.tv_nsec != f->read_stat.st_mtim.tv_nsec;
    if (!changed)
        return 1;
    memset(err, 0, sizeof *err); /* what failed before was reading a moving file */
    return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                        "the file changed while it was being converted; nothing written, run again");
}

void kc_file_free(kc_file *f)
{
    kc_lock_release(&f->lock);
    free(f->name);
    free(f->target);
    free(f->data);
    memset(f, 0, sizeof *f);
    f->lock.fd = -1;
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

/* Standard output and character devices (-o /dev/full) cannot be renamed over. */
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

/* Writing into the lock we hold, instead of a temporary next to it, creates
 * one file per rewrite instead of two. That is most of what a batch of small
 * files costs: on ext4 without a journal every new inode is found by
 * scanning past all those freed in the last minute or more. */
int kc_file_replace(kc_file *f, const kc_piece *pieces, size_t count, kc_error *err)
{
    kc_lock *lock = &f->lock;
    if (lock->count == 0 || lock->fd < 0)
        return kc_write_atomic(f->registry, f->target, pieces, count, f->mode, f->uid, f->gid, 1,
                               err);
    if (!kc_lock_still_ours(lock)) {
        /* someone removed our lock (thinking it stale), and may have taken
         * it: renaming theirs would publish their bytes, unlinking it would
         * break their lock */
        kc_lock_abandon_last(lock);
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "%s.lock was removed or replaced while we held it; not written",
                            f->target);
    }
    int e = fill_file(lock->fd, pieces, count, f->mode, f->uid, f->gid, 1);
    lock->fd = -1;
    if (!e)
        e = kc_lock_rename_over(lock, f->target);
    /* on failure the lock, perhaps partly written, goes at kc_file_free */
    return e ? write_error(err, f->target, e) : 1;
}

int kc_write_atomic(kc_registry *registry, const char *path, const kc_piece *pieces, size_t count,
                    mode_t mode, uid_t uid, gid_t gid, int durable, kc_error *err)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return write_direct(path, pieces, count, err);
    if (names_a_descriptor(path))
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "cannot write %s: it names a file descriptor, not a file; use -o - to "
                            "write standard output", path);
    char *target = realpath(path, NULL);
    if (target && stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
        free(target);
        if (S_ISCHR(st.st_mode))
            return write_direct(path, pieces, count, err);
        return kc_set_error(err, KC_EXIT_FAILURE, KC_NO_POS, KC_NO_POS, NULL,
                            "cannot write %s: it is %s, not a regular file%s", path,
                            kind_of(st.st_mode),
                            S_ISDIR(st.st_mode) ? "" : "; use -o - to write standard output");
    }
    if (!target)
        target = kc_xstrdup(path);

    char *dir_copy = kc_xstrdup(target), *base_copy = kc_xstrdup(target);
    char *tmp = NULL;
    int fd = -1, e = 0;
    if (asprintf(&tmp, "%s/.%s.kubeconvert-XXXXXX", dirname(dir_copy), basename(base_copy)) < 0) {
        tmp = NULL;
        e = ENOMEM;
        goto done;
    }
    e = kc_registry_create(registry, tmp, 1, &fd);
    if (e) {
        free(tmp); /* not created */
        tmp = NULL;
        goto done;
    }
    e = fill_file(fd, pieces, count, mode, uid, gid, durable);
    fd = -1;
    if (e || (e = kc_registry_rename(registry, tmp, target)) != 0)
        goto done;
    free(tmp);
    tmp = NULL;
    /* No fsync of the directory: after a crash the name holds either the
     * old file or the new one, both whole, which is the promise; syncing the
     * rename too would only choose between them, at a cost per file. */
done:
    if (tmp)
        kc_registry_unlink(registry, tmp);
    free(tmp);
    free(dir_copy);
    free(base_copy);
    int ok = e ? write_error(err, target, e) : 1;
    free(target);
    return ok;
}
