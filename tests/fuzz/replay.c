/* Replay a fuzz corpus without libFuzzer: call LLVMFuzzerTestOneInput on every
 * file named on the command line, or in a directory named there (not
 * recursive, dot files skipped). Built with the san build (ASan+UBSan), so
 * `make test` checks the committed corpus with gcc alone.
 *
 * Each input runs in a child process, so a crash, an abort of the target's
 * checks, a leak (LeakSanitizer runs when the child exits) or a hang (60 s)
 * fails that one file and the others still run. Prints "ok FILE" or
 * "FAIL: FILE: why" per file and closes with "N passed, M failed".
 *
 * usage: fuzz-replay FILE|DIR... */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TIMEOUT_S 60

static int passed, failed;

static int read_file(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *b = realloc(buf, cap * 2);
        if (!b) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = b;
        cap *= 2;
    }
    int ok = buf && !ferror(f);
    fclose(f);
    if (!ok) {
        free(buf);
        return 0;
    }
    /* exactly the file's size, so ASan sees a read past its end */
    uint8_t *exact = malloc(n ? n : 1);
    if (exact)
        memcpy(exact, buf, n);
    free(buf);
    *data = exact;
    *len = n;
    return exact != NULL;
}

static void replay(const char *path)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        printf("FAIL: %s: fork: %s\n", path, strerror(errno));
        failed++;
        return;
    }
    if (pid == 0) {
        uint8_t *data;
        size_t len;
        if (!read_file(path, &data, &len)) {
            fprintf(stderr, "cannot read %s: %s\n", path, strerror(errno));
            _exit(125);
        }
        alarm(TIMEOUT_S);
        LLVMFuzzerTestOneInput(data, len);
        free(data);
        exit(0); /* exit, not _exit: LeakSanitizer checks here */
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            printf("FAIL: %s: waitpid: %s\n", path, strerror(errno));
            failed++;
            return;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        printf("ok %s\n", path);
        passed++;
    } else if (WIFSIGNALED(status)) {
        printf("FAIL: %s: killed by signal %d%s\n", path, WTERMSIG(status),
               WTERMSIG(status) == SIGALRM ? " (timeout)" : "");
        failed++;
    } else {
        printf("FAIL: %s: exit status %d\n", path, WEXITSTATUS(status));
        failed++;
    }
}

static int skip_entry(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            printf("FAIL: %s: %s\n", argv[i], strerror(errno));
            failed++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            replay(argv[i]);
            continue;
        }
        struct dirent **entries;
        int n = scandir(argv[i], &entries, skip_entry, alphasort);
        if (n < 0) {
            printf("FAIL: %s: %s\n", argv[i], strerror(errno));
            failed++;
            continue;
        }
        for (int j = 0; j < n; j++) {
            size_t len = strlen(argv[i]) + strlen(entries[j]->d_name) + 2;
            char *path = malloc(len);
            if (path) {
                snprintf(path, len, "%s/%s", argv[i], entries[j]->d_name);
                if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
                    replay(path);
            }
            free(path);
            free(entries[j]);
        }
        free(entries);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
