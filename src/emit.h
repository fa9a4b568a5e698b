/* The splice (emit.c): the source's bytes, with the span of every edited
 * pair replaced by the new pair rendered in the file's style (render.c). */
#ifndef KC_EMIT_H
#define KC_EMIT_H

#include <stddef.h>

#include "ast.h"
#include "error.h"
#include "memory.h"
#include "render.h"
#include "result.h"

/* The result of emit: the file as a list of pieces, each either a range of
 * the source or a range of the newly rendered text. The source is not
 * copied, so a fleet file costs its size once, not twice. */
typedef struct kc_piece {
    const char *data;      /* valid once kc_emit returned */
    size_t len;
    size_t offset;         /* while emitting: where in `rendered` (data NULL) */
} kc_piece;

/* A changed region in whole lines: source bytes [old_start, old_end) became
 * output bytes [new_start, new_end). For diffs. */
typedef struct kc_hunk {
    size_t old_start, old_end, new_start, new_end;
} kc_hunk;

typedef struct kc_output {
    kc_buffer rendered;    /* the text of every edit */
    kc_hunk *hunks;
    size_t hunk_count, hunk_cap;
    kc_piece *pieces;
    size_t count, cap;
    size_t total;          /* bytes in all the pieces */
    int changed;           /* differs from the source */
} kc_output;

void kc_output_free(kc_output *out);
/* The whole output in one buffer (tests, diffs). */
void kc_output_join(const kc_output *out, kc_buffer *buf);

/* Apply every edit of res to the source, new nodes rendered with r (one
 * renderer serves every document of a run: its memo pays across files). */
int kc_emit(kc_renderer *r, const kc_document *doc, const kc_result *res, kc_output *out, kc_error *err);

#endif
