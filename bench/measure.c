/* Run a command RUNS times and print its median wall time (seconds), its
 * largest peak resident set (KiB) and its median CPU time (user + system,
 * all threads, seconds), from wait4's rusage.
 * usage: measure [--fresh PATH] RUNS CMD [ARGS...]
 * The command's stdout goes to /dev/null. --fresh removes PATH before each
 * run, outside the timing, so every run writes a new output file: replacing
 * the previous run's file would add the cost of freeing it to the next run. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    const char *fresh = NULL;
    if (argc > 2 && strcmp(argv[1], "--fresh") == 0) {
        fresh = argv[2];
        argc -= 2, argv += 2;
    }
    if (argc < 3) {
        fputs("usage: measure [--fresh PATH] RUNS CMD [ARGS...]\n", stderr);
        return 2;
    }
    int runs = atoi(argv[1]);
    double *times = calloc((size_t)runs, sizeof *times), *cpu = calloc((size_t)runs, sizeof *cpu);
    long max_rss = 0;
    for (int i = 0; i < runs; i++) {
        struct timespec t0, t1;
        if (fresh && unlink(fresh) != 0 && errno != ENOENT) {
            perror(fresh);
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, STDOUT_FILENO);
            execvp(argv[2], argv + 2);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "measure: %s failed\n", argv[2]);
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        times[i] = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        cpu[i] = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
        if (ru.ru_maxrss > max_rss)
            max_rss = ru.ru_maxrss;
    }
    qsort(times, (size_t)runs, sizeof *times, compare);
    qsort(cpu, (size_t)runs, sizeof *cpu, compare);
    printf("%.4f %ld %.4f\n", times[runs / 2], max_rss, cpu[runs / 2]);
    free(times);
    free(cpu);
    return 0;
}
