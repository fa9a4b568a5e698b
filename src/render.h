/* Rendering new nodes in the style of the file they go into (render.c). */
#ifndef KC_RENDER_H
#define KC_RENDER_H

#include <stdlib.h>

#include "kubeconvert.h"

typedef struct kc_style {
    size_t step;           /* indentation step of the file (columns) */
    size_t seq_indent;     /* how far "- " sits right of its parent key (0: flush) */
    const char *newline;   /* "\n" or "\r\n" */
    int flow;              /* inside a flow mapping: render on one line */
    int no_block_scalars;  /* no literal blocks (the file ends without a line break) */
    int json;              /* a JSON document: stays JSON (render_json.c) */
    const char *json_colon; /* what stands between a key and its value there */
} kc_style;

/* Append "key: value" with the key at column col (the cursor is already
 * there: the first line gets no indentation). */
int kc_render_pair(const kc_document *doc, const char *key, int value, size_t col,
                   const kc_style *st, kc_buffer *out);

/* The same for a JSON document (render_json.c): flow means one line. */
int kc_render_json_pair(const kc_document *doc, const char *key, int value, size_t col,
                        const kc_style *st, kc_buffer *out);

#endif
