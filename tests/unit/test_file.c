/* file.c and lock.c: a source that changes under the run is an error before
 * anything is written; the registry of locks and temporaries has no limit,
 * and running out of memory for it creates nothing. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "harness.h"
#include "lock.h"

/* text, then padding to `size` bytes with a comment (larger than one read). */
static int write_file(const char *path, const char *text, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    int ok = fputs(text, f) >= 0;
    for (size_t n = strlen(text); ok && n < size; n++)
        ok = fputc(n == strlen(text) ? '#' : n + 1 == size ? '\n' : 'x', f) != EOF;
    return fclose(f) == 0 && ok;
}

/* A new empty file; its name in path (room for "/tmp/kc-unit-XXXXXX"), the
 * open descriptor returned, -1 (a failed check) when none. */
static int temp_file(char *path)
{
    strcpy(path, "/tmp/kc-unit-XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    return fd;
}

static void test_file_reads_whole(void)
{
    char path[32];
    int fd = temp_file(path);
    if (fd < 0)
        return;
    close(fd);
    kc_registry registry;
    kc_registry_initialize(&registry);
    kc_file f;
    kc_error err = {0};
    for (size_t size = 0; size <= 300000; size += 100000) {
        CHECK(write_file(path, "users: []\n", size));
        CHECK(kc_file_read(&f, path, &registry, 0, &err));
        size_t want = size ? size : 10;
        CHECK(f.len == want && memcmp(f.data, "users: []\n", 10) == 0 && f.data[want - 1] == '\n');
        CHECK(kc_file_check_unchanged(&f, &err) && !err.set);
        kc_file_free(&f);
    }
    CHECK(write_file(path, "", 0));
    CHECK(kc_file_read(&f, path, &registry, 0, &err) && f.len == 0 && f.data != NULL);
    kc_file_free(&f);
    unlink(path);
    kc_registry_delete(&registry);
}

static void test_rewritten_file_is_stale(void)
{
    char path[32];
    int fd = temp_file(path);
    if (fd < 0)
        return;
    close(fd);
    kc_registry registry;
    kc_registry_initialize(&registry);
    for (size_t size = 0; size <= 100000; size += 100000) {
        CHECK(write_file(path, "users: []\n", size));
        kc_file f;
        kc_error err = {0};
        CHECK(kc_file_read(&f, path, &registry, 0, &err));
        /* another tool rewrites it in place (another length) */
        CHECK(write_file(path, "users: [] # edited\n", size ? size + 1 : 0));
        CHECK(!kc_file_check_unchanged(&f, &err) && strstr(err.message, "changed") != NULL);
        kc_file_free(&f);
    }
    unlink(path);
    kc_registry_delete(&registry);
}

static void test_truncated_file_is_stale(void)
{
    /* The bytes are a copy: a file truncated after the read leaves them
     * whole (no SIGBUS), and the run knows the file changed. */
    char path[32];
    int fd = temp_file(path);
    if (fd < 0)
        return;
    static char page[128 * 1024];
    memset(page, 'a', sizeof page);
    CHECK(write(fd, page, sizeof page) == (ssize_t)sizeof page);
    kc_registry registry;
    kc_registry_initialize(&registry);
    kc_file f;
    kc_error err = {0};
    CHECK(kc_file_read(&f, path, &registry, 0, &err) && f.len == sizeof page);
    CHECK(ftruncate(fd, 0) == 0);
    close(fd);
    CHECK(f.data[100000] == 'a');
    CHECK(!kc_file_check_unchanged(&f, &err) && strstr(err.message, "changed") != NULL);
    kc_file_free(&f);
    unlink(path);
    kc_registry_delete(&registry);
}

static int file_is(const char *path, const char *text)
{
    char buf[64] = {0};
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f)
        fclose(f);
    return f && n == strlen(text) && memcmp(buf, text, n) == 0;
}

static void test_replace_writes_through_the_lock(void)
{
    /* In place, the new bytes go into the lock we created, which is then
     * renamed over the file: no temporary, and no lock left behind. */
    char path[32], lock[40];
    int fd = temp_file(path);
    if (fd < 0)
        return;
    close(fd);
    snprintf(lock, sizeof lock, "%s.lock", path);
    CHECK(write_file(path, "old\n", 0) && chmod(path, 0640) == 0);
    kc_registry registry;
    kc_registry_initialize(&registry);
    kc_file f;
    kc_error err = {0};
    struct stat lock_st, st;
    CHECK(kc_file_read(&f, path, &registry, 1, &err) && stat(lock, &lock_st) == 0);
    kc_piece piece = {"new\n", 4, 0};
    CHECK(kc_file_replace(&f, &piece, 1, &err) && !err.set);
    CHECK(file_is(path, "new\n"));
    CHECK(stat(path, &st) == 0 && st.st_ino == lock_st.st_ino && (st.st_mode & 07777) == 0640);
    CHECK(access(lock, F_OK) != 0 && errno == ENOENT);
    kc_file_free(&f);
    CHECK(access(lock, F_OK) != 0);

    /* Our lock removed as stale and taken by another writer: we must not
     * write through theirs, nor remove it. */
    CHECK(kc_file_read(&f, path, &registry, 1, &err));
    CHECK(unlink(lock) == 0 && write_file(lock, "theirs\n", 0));
    piece.data = "ours\n";
    piece.len = 5;
    CHECK(!kc_file_replace(&f, &piece, 1, &err) && strstr(err.message, "removed or replaced"));
    kc_file_free(&f);
    CHECK(file_is(path, "new\n") && file_is(lock, "theirs\n"));

    /* ... or just removed: still nothing written, nothing created */
    unlink(lock);
    memset(&err, 0, sizeof err);
    CHECK(kc_file_read(&f, path, &registry, 1, &err) && unlink(lock) == 0);
    CHECK(!kc_file_replace(&f, &piece, 1, &err) && strstr(err.message, "removed or replaced"));
    kc_file_free(&f);
    CHECK(file_is(path, "new\n") && access(lock, F_OK) != 0);
    unlink(path);
    CHECK(registry.first == NULL || registry.first->paths[0] == NULL);
    kc_registry_delete(&registry);
}

/* the entries of dir, "." and ".." aside */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return d ? n : -1;
}

static int registered(const kc_registry *registry)
{
    int n = 0;
    for (const kc_registry_block *b = registry->first; b; b = b->next)
        for (int i = 0; i < KC_REGISTRY_SLOTS; i++)
            n += b->paths[i] != NULL;
    return n;
}

static void test_registry_has_no_limit(void)
{
    /* 1000 files locked at once (a $KUBECONFIG of 1000 files): every lock is
     * registered, and what a signal handler does removes them all. */
    char dir[] = "/tmp/kc-unit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    enum { FILES = 1000 };
    static kc_file files[FILES];
    kc_registry registry;
    kc_registry_initialize(&registry);
    kc_error err = {0};
    char path[64];
    int ok = 1;
    for (int i = 0; i < FILES; i++) {
        snprintf(path, sizeof path, "%s/f%d", dir, i);
        ok = ok && write_file(path, "users: []\n", 0) && kc_file_read(&files[i], path, &registry, 1, &err);
    }
    CHECK(ok && !err.set);
    CHECK(registered(&registry) == FILES && count_entries(dir) == 2 * FILES);
    kc_registry_remove_files(&registry);
    CHECK(count_entries(dir) == FILES); /* only the files: every lock gone */
    /* the slots free up as locks go, and are used again */
    for (int i = 0; i < FILES; i++)
        kc_file_free(&files[i]);
    CHECK(registered(&registry) == 0);
    snprintf(path, sizeof path, "%s/f0", dir);
    kc_file f;
    CHECK(kc_file_read(&f, path, &registry, 1, &err) && registry.first->paths[0] != NULL);
    kc_file_free(&f);
    kc_registry_delete(&registry);
    for (int i = 0; i < FILES; i++) {
        snprintf(path, sizeof path, "%s/f%d", dir, i);
        unlink(path);
    }
    CHECK(rmdir(dir) == 0);
}

/* calloc that fails once `budget` allocations are spent */
static int alloc_budget;
static void *failing_alloc(size_t count, size_t size)
{
    return alloc_budget-- > 0 ? calloc(count, size) : NULL;
}

static void test_registry_out_of_memory(void)
{
    /* When a lock or temporary cannot be registered, it is not created: the
     * operation fails, the file is untouched, nothing is left behind. */
    char dir[] = "/tmp/kc-unit-XXXXXX", path[64], out[64];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/config", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    CHECK(write_file(path, "old\n", 0));
    kc_registry registry;
    kc_registry_initialize(&registry);
    registry.alloc = failing_alloc;
    kc_file f;
    kc_error err = {0};
    alloc_budget = 0; /* not even the path's copy */
    CHECK(!kc_file_read(&f, path, &registry, 1, &err) && strstr(err.message, "out of memory"));
    kc_file_free(&f);
    CHECK(count_entries(dir) == 1 && file_is(path, "old\n"));
    alloc_budget = 1; /* the path's copy, not the first block */
    memset(&err, 0, sizeof err);
    CHECK(!kc_file_read(&f, path, &registry, 1, &err) && strstr(err.message, "out of memory"));
    kc_file_free(&f);
    CHECK(count_entries(dir) == 1);
    kc_piece piece = {"new\n", 4, 0};
    alloc_budget = 0;
    memset(&err, 0, sizeof err);
    CHECK(!kc_write_atomic(&registry, path, &piece, 1, 0600, getuid(), getgid(), 0, &err) &&
          strstr(err.message, "Cannot allocate memory"));
    CHECK(count_entries(dir) == 1 && file_is(path, "old\n"));

    /* a full first block, then no memory for a second one */
    alloc_budget = 1 + 2 * KC_REGISTRY_SLOTS;
    int fds[KC_REGISTRY_SLOTS];
    char temps[KC_REGISTRY_SLOTS][64];
    for (int i = 0; i < KC_REGISTRY_SLOTS; i++) {
        snprintf(temps[i], sizeof temps[i], "%s/.t-XXXXXX", dir);
        CHECK(kc_registry_create(&registry, temps[i], 1, &fds[i]) == 0 && fds[i] >= 0);
    }
    CHECK(count_entries(dir) == 1 + KC_REGISTRY_SLOTS);
    alloc_budget = 1; /* the path's copy, not a second block */
    memset(&err, 0, sizeof err);
    CHECK(!kc_write_atomic(&registry, out, &piece, 1, 0600, getuid(), getgid(), 0, &err) &&
          strstr(err.message, "Cannot allocate memory"));
    CHECK(count_entries(dir) == 1 + KC_REGISTRY_SLOTS && access(out, F_OK) != 0);
    registry.alloc = calloc;
    CHECK(kc_write_atomic(&registry, out, &piece, 1, 0600, getuid(), getgid(), 0, &err));
    CHECK(file_is(out, "new\n") && registry.first->next != NULL);
    for (int i = 0; i < KC_REGISTRY_SLOTS; i++) {
        close(fds[i]);
        kc_registry_unlink(&registry, temps[i]);
    }
    CHECK(registered(&registry) == 0 && count_entries(dir) == 2);
    kc_registry_delete(&registry);
    unlink(out);
    unlink(path);
    CHECK(rmdir(dir) == 0);
}

void test_file(void)
{
    test_file_reads_whole();
    test_rewritten_file_is_stale();
    test_truncated_file_is_stale();
    test_replace_writes_through_the_lock();
    test_registry_has_no_limit();
    test_registry_out_of_memory();
}
