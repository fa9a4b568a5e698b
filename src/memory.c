/* The allocation policy (see memory.h) and growable arrays and buffers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "memory.h"

_Noreturn void kc_out_of_memory(void)
{
    fputs("kubeconvert: error: out of memory\n", stderr);
    exit(KC_EXIT_FAILURE);
}

void *kc_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        kc_out_of_memory();
    return p;
}

void *kc_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        kc_out_of_memory();
    return p;
}

void *kc_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        kc_out_of_memory();
    return p;
}

char *kc_xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(kc_xmalloc(n), s, n);
}

void kc_array_grow(void **ptr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return;
    size_t cap2 = *cap ? *cap : 64;
    while (cap2 < need)
        cap2 *= 2;
    *ptr = kc_xrealloc(*ptr, cap2 * size);
    *cap = cap2;
}

void kc_buffer_append(kc_buffer *buf, const char *data, size_t len)
{
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        while (cap < buf->len + len + 1)
            cap *= 2;
        buf->data = kc_xrealloc(buf->data, cap);
        buf->cap = cap;
    }
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void kc_buffer_puts(kc_buffer *buf, const char *s)
{
    kc_buffer_append(buf, s, strlen(s));
}

void kc_buffer_pad(kc_buffer *buf, char c, size_t count)
{
    char chunk[64];
    memset(chunk, c, sizeof chunk);
    while (count > 0) {
        size_t n = count < sizeof chunk ? count : sizeof chunk;
        kc_buffer_append(buf, chunk, n);
        count -= n;
    }
}

void kc_buffer_free(kc_buffer *buf)
{
    free(buf->data);
    memset(buf, 0, sizeof *buf);
}

