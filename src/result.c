/* What a conversion found, as data: the users (what happened to each), the
 * edits (which source pair becomes which new node) and the errors; and the
 * candidates select_users.c hands to the passes that build new entries.
 * convert.c owns a kc_result and passes it down; the passes fill it in
 * through these functions and never call back into convert.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"

void kc_result_init(kc_result *res)
{
    memset(res, 0, sizeof *res);
}

void kc_result_free(kc_result *res)
{
    free(res->edits);
    free(res->users);
    free(res->errors);
    kc_arena_free(&res->strings);
    memset(res, 0, sizeof *res);
}

/* A formatted copy in the result's arena; NULL when vsnprintf fails (a
 * value over INT_MAX bytes), not for memory: that exits (memory.h). */
static const char *store_format(kc_result *res, const char *fmt, va_list ap)
{
    char text[512];
    int n = vsnprintf(text, sizeof text, fmt, ap);
    if (n < 0)
        return NULL;
    return kc_arena_store(&res->strings, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

const char *kc_result_printf(kc_result *res, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *s = store_format(res, fmt, ap);
    va_end(ap);
    return s;
}

int kc_result_set_user(kc_result *res, size_t index, kc_action action, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *reason = store_format(res, fmt, ap);
    va_end(ap);
    if (!reason)
        return 0;
    res->users[index].action = action;
    res->users[index].reason = reason;
    return 1;
}

int kc_result_add_user(kc_result *res, const char *name, kc_action action, const char *fmt, ...)
{
    kc_array_grow((void **)&res->users, &res->user_cap, res->user_count + 1, sizeof *res->users);
    const char *stored = kc_arena_store(&res->strings, name, strlen(name));
    va_list ap;
    va_start(ap, fmt);
    const char *reason = store_format(res, fmt, ap);
    va_end(ap);
    if (!reason)
        return 0;
    res->users[res->user_count++] = (kc_user_result){stored, action, reason, "", "", 0};
    return 1;
}

void kc_result_add_edit(kc_result *res, int key, int value, const char *new_key, int new_value)
{
    kc_array_grow((void **)&res->edits, &res->edit_cap, res->edit_count + 1, sizeof *res->edits);
    res->edits[res->edit_count++] = (kc_edit){key, value, new_key, new_value};
}

/* The key that is replaced: the earlier of auth-provider and exec. */
int kc_candidate_first_key(const kc_candidate *c)
{
    if (c->provider_key == KC_NONE)
        return c->exec_key;
    if (c->exec_key == KC_NONE)
        return c->provider_key;
    return c->provider_key < c->exec_key ? c->provider_key : c->exec_key;
}

void kc_candidate_pos(const kc_document *doc, const kc_candidate *c, size_t *line, size_t *col)
{
    const kc_node *n = &doc->nodes[kc_candidate_first_key(c)];
    *line = n->line;
    *col = n->column;
}


void kc_result_add_error(kc_result *res, const kc_error *err)
{
    kc_array_grow((void **)&res->errors, &res->error_cap, res->error_count + 1, sizeof *res->errors);
    res->errors[res->error_count++] = *err;
}
