/* The allocation policy and growable arrays (memory.c). Out of memory is
 * not an input error, and branches for it were code no test reached:
 * kc_xmalloc and friends print "kubeconvert: error: out of memory" and
 * exit with status 3 (KC_EXIT_FAILURE). Every file is left as it was: a
 * file is only ever replaced by an atomic rename, and main.c's atexit
 * handler removes the locks and temporaries still registered. Our code
 * allocates only through these, and a function that can fail only by
 * running out of memory returns no status (the arrays and buffers below,
 * kc_names_add, kc_output_join, ...): a 0 always means another failure.
 * libyaml's memory errors exit the same way (kc_out_of_memory); a NULL
 * from cJSON or PCRE2, which say no more than that, takes the caller's
 * error path. The registry of locks and temporaries (lock.c) keeps its own
 * allocator and branches, tested with a failing one: a file it cannot
 * register it must not create. */
#ifndef KC_MEMORY_H
#define KC_MEMORY_H

#include <stddef.h>

/* Never NULL: on failure they print the message and exit(3). */
void *kc_xmalloc(size_t size);
void *kc_xcalloc(size_t count, size_t size);
void *kc_xrealloc(void *ptr, size_t size);
char *kc_xstrdup(const char *s);
/* That exit, for a library that reported out of memory. */
_Noreturn void kc_out_of_memory(void);

typedef struct kc_buffer {
    char *data;
    size_t len, cap;
} kc_buffer;

/* The buffer stays NUL-terminated. */
void kc_buffer_append(kc_buffer *buf, const char *data, size_t len);
/* Make room for `need` items of `size` bytes in a doubling array. */
void kc_array_grow(void **items, size_t *cap, size_t need, size_t size);
void kc_buffer_puts(kc_buffer *buf, const char *s);
void kc_buffer_pad(kc_buffer *buf, char c, size_t count);
void kc_buffer_free(kc_buffer *buf);

#endif
