/* The atomic file: whole-file reads, and rewrites that leave the target
 * either as it was or fully rewritten, never partial. */
#ifndef KC_FILE_H
#define KC_FILE_H

#include <sys/stat.h>
#include <sys/types.h>

#include "emit.h"
#include "error.h"
#include "lock.h"

typedef struct kc_file {
    char *name;      /* as the user named it ("-" for standard input) */
    char *target;    /* the file really read and written (symlinks followed) */
    char *data;      /* its bytes */
    size_t len;
    struct stat read_stat; /* the file when read: a later change is an error */
    mode_t mode;     /* permission bits, kept by the rewrite */
    uid_t uid;
    gid_t gid;
    int is_stdin;
    kc_registry *registry; /* where its temporaries and locks are registered */
    kc_lock lock;    /* held from before the read to after the write, in place */
} kc_file;

/* Read a whole file, or standard input for "-". With in_place, the file is
 * to be rewritten: take its locks first, so what is read is what a later
 * write replaces, and refuse what replacing cannot do right (a file with
 * other hard links, one we may not write). Devices, FIFOs, directories and
 * names of descriptors (/dev/stdin) are refused. */
int kc_file_read(kc_file *f, const char *name, kc_registry *registry, int in_place,
                 kc_error *err);
/* Release the locks, free the bytes. */
void kc_file_free(kc_file *f);
/* 0 with an error when the file changed since it was read (replaced,
 * rewritten, truncated): what was converted is stale. */
int kc_file_check_unchanged(const kc_file *f, kc_error *err);
/* Rewrite a file read in place: the target's lock file takes the new
 * bytes and is renamed over the target, so the lock goes as they arrive.
 * fsync'd first; keeps mode and owner. */
int kc_file_replace(kc_file *f, const kc_piece *pieces, size_t count, kc_error *err);
/* Replace path's content atomically with the pieces: a temporary file in
 * the same directory (registered), fsync (when durable), rename. Keeps mode
 * and owner. Character devices and "-" are written directly; FIFOs,
 * sockets, directories and names of descriptors are refused. */
int kc_write_atomic(kc_registry *registry, const char *path, const kc_piece *pieces, size_t count,
                    mode_t mode, uid_t uid, gid_t gid, int durable, kc_error *err);

#endif
