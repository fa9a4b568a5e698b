/* Rendering new nodes in the style of the file they go into (render.c, render_json.c). */
#ifndef KC_RENDER_H
#define KC_RENDER_H

#include <stddef.h>
#include <yaml.h>

#include "ast.h"
#include "memory.h"
#include "scalar_style.h"

#define KC_RENDER_STEPS 10   /* one emitter per indentation step 0..9 */
#define KC_RENDER_CACHE 1024 /* memo slots */

typedef struct kc_render_memo {
    char *key;        /* the scalar's text */
    size_t key_len;
    unsigned flags;   /* step, flow, literal */
    char *text;
    size_t text_len;
} kc_render_memo;

/* What rendering keeps from one scalar to the next, in libyaml's style:
 * kc_renderer_initialize, use, kc_renderer_delete. One emitter per
 * indentation step (a fleet file renders thousands of scalars, and setting
 * up an emitter costs more than emitting one; each scalar is a document of
 * its own in its stream), the answers memoised (the same flags and ids
 * recur in every user), scratch buffers, and the compiled pattern that says
 * which plain scalars to quote. The emitters point at emitter_out: a
 * renderer must not move once used. */
typedef struct kc_renderer {
    yaml_emitter_t emitters[KC_RENDER_STEPS];
    int emitter_ready[KC_RENDER_STEPS];
    kc_buffer emitter_out;
    kc_buffer scratch_text;
    kc_render_memo *cache;   /* KC_RENDER_CACHE slots, allocated on first use */
    kc_scalar_style scalar_style;
} kc_renderer;

void kc_renderer_initialize(kc_renderer *r);
void kc_renderer_delete(kc_renderer *r);

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
int kc_render_pair(kc_renderer *r, const kc_document *doc, const char *key, int value, size_t col,
                   const kc_style *st, kc_buffer *out);

/* The same for a JSON document (render_json.c): flow means one line. */
int kc_render_json_pair(const kc_document *doc, const char *key, int value, size_t col,
                        const kc_style *st, kc_buffer *out);

#endif
