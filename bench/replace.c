/* The file system's share of converting a file in place, and nothing else:
 * for each FILE, what any safe in-place rewrite under kubectl's lock must
 * do: create FILE.lock (create-exclusive), read FILE, write its bytes into
 * the lock, fsync, rename the lock over FILE. make bench runs it on the same
 * number of files to show how much of a batch is the disk's, not the tool's.
 * usage: replace FILE... */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    static char buf[1 << 20];
    char lock[4096];
    for (int i = 1; i < argc; i++) {
        snprintf(lock, sizeof lock, "%s.lock", argv[i]);
        int out = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        int in = open(argv[i], O_RDONLY | O_CLOEXEC);
        ssize_t n = in >= 0 ? read(in, buf, sizeof buf) : -1;
        if (out < 0 || n < 0 || write(out, buf, (size_t)n) != n || fsync(out) != 0 ||
            close(out) != 0 || close(in) != 0 || rename(lock, argv[i]) != 0) {
            perror(argv[i]);
            return 1;
        }
    }
    return 0;
}
