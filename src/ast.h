/* The document as a tree of nodes that keep their byte span (ast.c), and
 * the string arena their values live in. Built by parse.c, read by every
 * pass, extended by the passes that build new entries. */
#ifndef KC_AST_H
#define KC_AST_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "error.h"
#include "memory.h"

/* ---- string arena ---- */

/* Blocks that never move: a stored string stays valid until kc_arena_free. */
typedef struct kc_chunk kc_chunk;

/* A NUL-terminated copy of text[0..len) in *arena. */
const char *kc_arena_store(kc_chunk **arena, const char *text, size_t len);
void kc_arena_free(kc_chunk **arena);
/* Move every chunk of *from into *into (strings keep their addresses). */
void kc_arena_adopt(kc_chunk **into, kc_chunk **from);

/* ---- nodes ---- */

typedef enum kc_node_type {
    KC_SCALAR = 1,
    KC_SEQUENCE,
    KC_MAPPING,
    KC_ALIAS               /* a reference to an anchor; never expanded */
} kc_node_type;

#define KC_NONE (-1)
/* Nesting deeper than this is refused (parse.c): the tree is walked with
 * explicit stacks, but kubectl's reader has its own limit. */
#define KC_MAX_DEPTH 1000

/* 56 bytes: a fleet file has a hundred thousand nodes, and every byte here
 * is a page fault every 73 nodes. Spans are 32-bit (kc_parse refuses files
 * of 4 GiB or more); anchors, rare, live in a table of their own. */
typedef struct kc_node {
    const char *text;      /* scalar value or alias name, NUL-terminated (but see
                              borrowed); read it with kc_node_text */
    uint32_t start, end;   /* byte span in the source; KC_NO_SPAN for new nodes */
    uint32_t text_len;
    uint32_t line, column; /* 0-based start position (column in characters) */
    int parent, first_child, last_child, next; /* node ids, KC_NONE when none */
    uint32_t count;        /* number of children; a mapping's are key, value, key, ... */
    uint32_t anchor;       /* 1 + index in the document's anchor table, 0 when none */
    unsigned char type;    /* kc_node_type */
    unsigned char style;   /* scalars: yaml_scalar_style_t; collections: 1 if flow */
    unsigned char tagged : 1;   /* has an explicit tag (e.g. !!str) */
    unsigned char borrowed : 1; /* a long plain value left in the source, copied on first read */
    unsigned char skipped : 1;  /* a top-level value built without its children (keep_keys) */
} kc_node;

#define KC_NO_SPAN UINT32_MAX

typedef struct kc_document {
    const char *source;    /* the file's bytes (not owned) */
    size_t source_len;
    size_t bom_len;        /* 3 when the source starts with a UTF-8 byte order mark */
    kc_node *nodes;
    size_t node_count, node_cap;
    kc_chunk *chunks;      /* the string arena: value pointers stay valid
                              while passes add nodes */
    const char **anchors;  /* anchor names, in the order they are defined */
    size_t anchor_count, anchor_cap;
    int root;              /* KC_NONE for an empty stream */
    size_t source_nodes;   /* nodes [0, source_nodes) come from the source */
    size_t alias_count;    /* aliases in the source: 0 spares every sharing check */
    /* Set before kc_parse to build less: only the values of these top-level
     * keys (a NULL-terminated list) get their children; other values become
     * one node with its span, marked skipped. NULL builds every node. A
     * fleet file's clusters are half its nodes, and no pass reads them. */
    const char *const *keep_keys;
} kc_document;

void kc_document_init(kc_document *doc, const char *source, size_t len);
void kc_document_free(kc_document *doc);

/* Node construction (ast.c). The new id, or KC_NONE for a text of 4 GiB or
 * more (spans and lengths are 32-bit): a parsed scalar can be one, its
 * escapes expanded. The passes build from node texts, options and
 * constants, never that long: kc_new_scalar and the two below do not fail. */
int kc_node_new(kc_document *doc, kc_node_type type, const char *text, size_t len);
void kc_node_append(kc_document *doc, int parent, int child);
int kc_new_scalar(kc_document *doc, const char *text);
/* Append `key: value` (a new scalar pair) to a new mapping. */
void kc_map_add_string(kc_document *doc, int map, const char *key, const char *value);
void kc_seq_add_string(kc_document *doc, int seq, const char *value);

static inline const kc_node *kc_node_at(const kc_document *doc, int id)
{
    return id == KC_NONE ? NULL : &doc->nodes[id];
}
/* The node's anchor name, NULL when it has none. */
static inline const char *kc_node_anchor(const kc_document *doc, int id)
{
    uint32_t a = doc->nodes[id].anchor;
    return a ? doc->anchors[a - 1] : NULL;
}
/* The node's value. Long plain values stay in the source until read (a
 * fleet file is mostly CA data nobody reads), so this may copy once. */
const char *kc_node_text(const kc_document *doc, int id);

/* 1 when the document's root is a block mapping at column 0 without an
 * anchor or a tag: the shape a two-part parse can join on. */
int kc_root_is_plain_block_mapping(const kc_document *doc);

/* Follow an alias to the node it names (the last anchor of that name
 * defined before it). Other nodes are returned as they are: inline, since
 * every lookup asks this of every key it passes. */
int kc_resolve_alias(const kc_document *doc, int id);
static inline int kc_resolve(const kc_document *doc, int id)
{
    return id == KC_NONE || doc->nodes[id].type != KC_ALIAS ? id : kc_resolve_alias(doc, id);
}
/* The last descendant of id (id itself for a leaf): a subtree's ids are
 * contiguous, [id, kc_subtree_end(doc, id)]. */
int kc_subtree_end(const kc_document *doc, int id);
/* Value of `key` in mapping map (aliases resolved), KC_NONE if absent, read
 * as kubectl (go-yaml v2) reads it: the last pair of that key wins, and YAML
 * merge keys (`<<: *a`, `<<: [*a, *b]`) count where they stand. The key
 * node of the pair read (maybe in a merged mapping) goes to *key_out when
 * not NULL. Where a merge is one go-yaml refuses, only the own pairs count:
 * kc_check_merges finds those. */
int kc_map_get(const kc_document *doc, int map, const char *key, int *key_out);
/* 1 when every merge in map (and in what it merges) is one go-yaml reads,
 * within a bound on the work; else 0 and *bad is the `<<` key of map. */
int kc_check_merges(const kc_document *doc, int map, int *bad);
/* 1 when a merge in map brings `key` (whether or not map's own pair of
 * that key wins); *merge_key is the `<<` key of map it comes through. */
int kc_merge_brings(const kc_document *doc, int map, const char *key, int *merge_key);
int kc_is_merge_key(const kc_document *doc, int key);
/* The scalar's bytes are exactly s (values may hold a NUL; s cannot).
 * Inline: a length that differs answers most calls without a read. */
static inline int kc_text_is(const kc_document *doc, int id, const char *s)
{
    size_t len = strlen(s);
    return doc->nodes[id].text_len == len && memcmp(kc_node_text(doc, id), s, len) == 0;
}
/* 1 when node is a scalar with a NUL in its value: a C string would cut it. */
int kc_has_nul(const kc_document *doc, int id);
/* Where an explicit key's `?` indicator is (a byte offset), KC_NO_POS
 * for a key without one. */
size_t kc_explicit_key_at(const kc_document *doc, int key);
/* 1 when node is a scalar whose value a YAML 1.1 reader takes as null. */
int kc_is_null(const kc_document *doc, int id);
/* The string value of a scalar ("" for null or a non-scalar). */
const char *kc_string(const kc_document *doc, int id);
/* Structural equality of two nodes (mapping key order ignored). */
int kc_node_equal(const kc_document *doc, int a, int b);

/* Give node id the anchor name (parse.c). */
void kc_node_set_anchor(kc_document *doc, int id, const char *anchor);

#endif
