/* fileio.c: a mapped source that changes or shrinks under the run is an
 * error before anything is written, never a crash or a stale rewrite. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "kc_cli.h"

/* text, then padding to `size` bytes with a comment: files of 64 KiB and
 * more are mapped, smaller ones read. */
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

static void test_mapped_file_reads_as_read(void)
{
    char path[32];
    int fd = temp_file(path);
    if (fd < 0)
        return;
    close(fd);
    CHECK(write_file(path, "users: []\n", 100000));
    kc_file f;
    kc_error err = {0};
    CHECK(kc_file_read(&f, path, 0, &err));
    CHECK(f.len == 100000 && memcmp(f.data, "users: []\n#", 11) == 0 && f.data[99999] == '\n');
    CHECK(f.map_slot >= 0); /* a large regular file is mapped */
    CHECK(kc_file_check_unchanged(&f, &err) && !err.set);
    kc_file_free(&f);

    /* a small one is read, and checked the same way */
    CHECK(write_file(path, "users: []\n", 0));
    CHECK(kc_file_read(&f, path, 0, &err) && f.len == 10 && f.map_slot == -1);
    CHECK(kc_file_check_unchanged(&f, &err) && !err.set);
    kc_file_free(&f);
    CHECK(write_file(path, "", 0));
    CHECK(kc_file_read(&f, path, 0, &err) && f.len == 0 && f.map_slot == -1);
    kc_file_free(&f);
    unlink(path);
}

static void test_rewritten_file_is_stale(void)
{
    char path[32];
    int fd = temp_file(path);
    if (fd < 0)
        return;
    close(fd);
    for (size_t size = 0; size <= 100000; size += 100000) {
        CHECK(write_file(path, "users: []\n", size));
        kc_file f;
        kc_error err = {0};
        CHECK(kc_file_read(&f, path, 0, &err));
        /* another tool rewrites it in place (another length) */
        CHECK(write_file(path, "users: [] # edited\n", size ? size + 1 : 0));
        CHECK(!kc_file_check_unchanged(&f, &err) && strstr(err.message, "changed") != NULL);
        kc_file_free(&f);
    }
    unlink(path);
}

static void test_shrunk_file_reads_zeros_not_sigbus(void)
{
    /* Pages past a mapped file's new end would raise SIGBUS: the handler
     * maps zeros there instead, and the run knows the file changed. */
    char path[32];
    int fd = temp_file(path);
    if (fd < 0)
        return;
    static char page[128 * 1024];
    memset(page, 'a', sizeof page);
    CHECK(write(fd, page, sizeof page) == (ssize_t)sizeof page);
    kc_file f;
    kc_error err = {0};
    CHECK(kc_file_read(&f, path, 0, &err) && f.map_slot >= 0);
    CHECK(ftruncate(fd, 0) == 0);
    close(fd);
    volatile char c = f.data[100000]; /* past the new end */
    CHECK(c == 0);
    CHECK(!kc_file_check_unchanged(&f, &err) && strstr(err.message, "changed") != NULL);
    kc_file_free(&f);
    unlink(path);
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
    kc_file f;
    kc_error err = {0};
    struct stat lock_st, st;
    CHECK(kc_file_read(&f, path, 1, &err) && stat(lock, &lock_st) == 0);
    kc_piece piece = {"new\n", 4, 0};
    CHECK(kc_file_replace(&f, &piece, 1, &err) && !err.set);
    CHECK(file_is(path, "new\n"));
    CHECK(stat(path, &st) == 0 && st.st_ino == lock_st.st_ino && (st.st_mode & 07777) == 0640);
    CHECK(access(lock, F_OK) != 0 && errno == ENOENT);
    kc_file_free(&f);
    CHECK(access(lock, F_OK) != 0);

    /* Our lock removed as stale and taken by another writer: we must not
     * write through theirs, nor remove it. */
    CHECK(kc_file_read(&f, path, 1, &err));
    CHECK(unlink(lock) == 0 && write_file(lock, "theirs\n", 0));
    piece.data = "ours\n";
    piece.len = 5;
    CHECK(!kc_file_replace(&f, &piece, 1, &err) && strstr(err.message, "removed or replaced"));
    kc_file_free(&f);
    CHECK(file_is(path, "new\n") && file_is(lock, "theirs\n"));

    /* ... or just removed: still nothing written, nothing created */
    unlink(lock);
    memset(&err, 0, sizeof err);
    CHECK(kc_file_read(&f, path, 1, &err) && unlink(lock) == 0);
    CHECK(!kc_file_replace(&f, &piece, 1, &err) && strstr(err.message, "removed or replaced"));
    kc_file_free(&f);
    CHECK(file_is(path, "new\n") && access(lock, F_OK) != 0);
    unlink(path);
}

void test_fileio(void)
{
    test_mapped_file_reads_as_read();
    test_rewritten_file_is_stale();
    test_shrunk_file_reads_zeros_not_sigbus();
    test_replace_writes_through_the_lock();
}
